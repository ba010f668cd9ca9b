package io.mflow.agent;

/**
 * {@code java -jar mflow-agent.jar --server https://runner-host:8082 --token <agent token> --tags linux,docker
 * --concurrency 4}: runs AGENT jobs on this machine until it is stopped.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RemoteAgent agent;
        try {
            agent = new RemoteAgent(AgentOptions.parse(args, System.getenv()));
        } catch (IllegalArgumentException e) {
            // A command line it refuses (a plain http server elsewhere than loopback, say): say why, and exit 2.
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
        agent.start();
        Thread.currentThread().join();
    }
}
