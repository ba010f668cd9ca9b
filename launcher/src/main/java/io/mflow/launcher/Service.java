package io.mflow.launcher;

/** The four services of mflow, each a Spring Boot jar built by its own module. */
public enum Service {
    TASK("task-service", 8080),
    PIPELINE("pipeline-service", 8081),
    RUNNER("runner-service", 8082),
    NOTIFY("notify-service", 8083);

    private final String module;
    private final int defaultPort;

    Service(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
