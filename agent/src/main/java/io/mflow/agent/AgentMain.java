package io.mflow.agent;

/**
 * {@code java -jar mflow-agent.jar --server http://runner-host:8082 --token <agent token> --tags linux,docker
 * --concurrency 4}: runs AGENT jobs on this machine until it is stopped.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args, System.getenv());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        RemoteAgent agent = new RemoteAgent(options);
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
        agent.start();
        Thread.currentThread().join();
    }
}
