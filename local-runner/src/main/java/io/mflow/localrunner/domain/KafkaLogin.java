package io.mflow.localrunner.domain;

/**
 * How a job logs in to the broker it may report to: the reporter principal, which may write status reports and
 * nothing else (a report still needs the job's update token). The password is an engine secret: it reaches a job in
 * its environment (a K8S_JOB's through its Secret) and is masked in its output like a sensitive param.
 *
 * @param securityProtocol Kafka's {@code security.protocol}, e.g. {@code SASL_PLAINTEXT}
 * @param saslMechanism    Kafka's {@code sasl.mechanism}, e.g. {@code SCRAM-SHA-256}
 */
public record KafkaLogin(String securityProtocol, String saslMechanism, String username, String password) {

    /** Null when no user is given: the broker wants no login. */
    public static KafkaLogin ofNullable(String securityProtocol, String saslMechanism, String username,
                                        String password) {
        return username == null || username.isBlank() ? null
                : new KafkaLogin(securityProtocol, saslMechanism, username.strip(), password);
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "KafkaLogin[" + securityProtocol + ", " + saslMechanism + ", " + username + "]";
    }
}
