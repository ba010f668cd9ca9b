package io.mflow.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What an agent is started with: {@code --server} (runner-service's address), {@code --token} (an agent token; or
 * {@code MFLOW_AGENT_TOKEN}, which keeps it out of the process list), {@code --name} (default: the host name),
 * {@code --tags linux,docker}, {@code --concurrency 4}, {@code --work-dir} (default {@code ./mflow-agent-work}) and
 * {@code --heartbeat} (how often it says it is alive and hears of cancels; default {@code 5s}, well inside the 60 s after
 * which runner-service gives up on a silent agent), {@code --ca-cert} (a PEM file of the certificate, or of the CA, that
 * runner-service's TLS certificate is checked against instead of the JVM's trusted CAs) and {@code --insecure}.
 *
 * <p>The server is {@code https://}, or {@code http://} on this machine only (loopback): the agent sends its token
 * with every request and is sent the jobs' sensitive values and update tokens, which plain HTTP across a network
 * would show to anyone on the way. {@code --insecure} allows plain HTTP elsewhere, for a network the operator
 * trusts.
 */
record AgentOptions(URI server, String token, String name, List<String> tags, int concurrency, Path workDir,
                    Duration heartbeat, Path caCert) {

    static final String VERSION = "0.1.0";

    static AgentOptions parse(String[] args, Map<String, String> env) {
        String server = null;
        String token = env.get("MFLOW_AGENT_TOKEN");
        String name = null;
        List<String> tags = List.of();
        int concurrency = 1;
        Path workDir = Path.of("mflow-agent-work");
        Duration heartbeat = Duration.ofSeconds(5);
        Path caCert = null;
        boolean insecure = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (arg.equals("--insecure")) {
                insecure = true;
                continue;
            }
            switch (arg) {
                case "--server" -> server = required(arg, value);
                case "--token" -> token = required(arg, value);
                case "--name" -> name = required(arg, value);
                case "--tags" -> tags = Arrays.stream(required(arg, value).split(",")).map(String::trim)
                        .filter(t -> !t.isEmpty()).toList();
                case "--concurrency" -> concurrency = Integer.parseInt(required(arg, value));
                case "--work-dir" -> workDir = Path.of(required(arg, value));
                case "--heartbeat" -> heartbeat = duration(arg, required(arg, value));
                case "--ca-cert" -> caCert = Path.of(required(arg, value));
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
            i++;
        }
        if (server == null || token == null) {
            throw new IllegalArgumentException("--server and --token (or MFLOW_AGENT_TOKEN) are required\n" + usage());
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        URI uri = URI.create(server.endsWith("/") ? server : server + "/");
        refuseInsecure(uri, insecure);
        return new AgentOptions(uri, token, name != null ? name : hostName(), tags, concurrency, workDir, heartbeat,
                caCert);
    }

    /**
     * Refuses a server the token and the jobs' secrets would travel to in plain text: {@code http://} to anything but
     * loopback, unless {@code --insecure}. Only a literal loopback address or {@code localhost} counts; no name is
     * looked up, so a name that resolves to 127.0.0.1 today cannot point elsewhere tomorrow.
     */
    private static void refuseInsecure(URI server, boolean insecure) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || server.getHost() == null) {
            throw new IllegalArgumentException("--server must be an https:// (or local http://) address, not '"
                    + server + "'\n" + usage());
        }
        if (scheme.equals("http") && !insecure && !isLoopback(server.getHost())) {
            throw new IllegalArgumentException("refusing " + server + ": over plain http the agent token and the jobs' "
                    + "secrets would cross the network unencrypted. Use https:// (runner-service serves TLS when "
                    + "server.ssl.* is set), or http:// only to 127.0.0.1 or localhost; --insecure allows it anyway");
        }
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !(bare.contains(":") && bare.matches("[0-9a-fA-F:.]+"))) {
            return false;
        }
        try {
            // An IP literal only (checked above): getByName then parses it and looks nothing up.
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String usage() {
        return "usage: java -jar mflow-agent.jar --server https://runner-host:8082 --token <agent token> "
                + "[--name build-01] [--tags linux,docker] [--concurrency 4] [--work-dir ./mflow-agent-work] "
                + "[--heartbeat 5s] [--ca-cert runner-ca.pem] [--insecure]";
    }

    private static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return value;
    }

    /** {@code 500ms}, {@code 5s} or {@code 1m}. */
    static Duration duration(String option, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " takes a duration like 500ms, 5s or 1m, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "agent";
        }
    }

    @Override
    public String toString() {
        return "AgentOptions[server=" + server + ", name=" + name + ", tags=" + tags + ", concurrency=" + concurrency
                + ", workDir=" + workDir + ", caCert=" + caCert + "]";
    }
}
