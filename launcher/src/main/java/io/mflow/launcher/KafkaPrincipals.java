package io.mflow.launcher;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Who may talk to the embedded broker, and with which password: one principal per service, {@value #REPORTER} (may
 * only write status reports: jobs, users' controllers) and {@value #READER} (may only read: dashboards,
 * {@code mflow events tail}), plus {@value #ADMIN}, the broker's own super user, known only on its loopback
 * listeners. The passwords are generated on first start into {@code data/kafka/credentials.properties} (0600) and
 * kept ever after; a principal added by a newer launcher gets its password on the next start.
 */
final class KafkaPrincipals {

    static final String ADMIN = "admin";
    static final String REPORTER = "reporter";
    static final String READER = "reader";
    /** Clients' listener: passwords are never sent, only proofs of them (RFC 5802). */
    static final String CLIENT_MECHANISM = "SCRAM-SHA-256";
    static final String CLIENT_PROTOCOL = "SASL_PLAINTEXT";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords;

    private KafkaPrincipals(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    /** Every principal the engine knows, the services' first. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Service service : Service.values()) {
            names.add(service.module());
        }
        names.addAll(List.of(REPORTER, READER, ADMIN));
        return names;
    }

    /** The passwords kept in {@code dir}, generating those missing. */
    static KafkaPrincipals of(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("credentials.properties");
        DataDir.tightenIfExists(file);
        Properties kept = new Properties();
        if (Files.exists(file)) {
            kept.load(new StringReader(Files.readString(file)));
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        boolean generated = false;
        for (String name : names()) {
            String password = kept.getProperty(name);
            if (password == null || password.isBlank()) {
                password = newPassword();
                generated = true;
            }
            passwords.put(name, password.strip());
        }
        if (generated) {
            Properties all = new Properties();
            all.putAll(passwords);
            StringWriter text = new StringWriter();
            all.store(text, "passwords of the embedded broker's principals: keep this file its owner's only");
            DataDir.writeOwnerOnly(file, text.toString());
        }
        return new KafkaPrincipals(passwords);
    }

    /** 32 random bytes, base64url: nothing a JAAS line would have to quote. */
    private static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka principal " + principal);
        }
        return password;
    }

    /** A client's properties on the clients' listener, as {@code <principal>}. */
    Map<String, String> client(String principal, String bootstrap) {
        return Map.of("bootstrap.servers", bootstrap,
                "security.protocol", CLIENT_PROTOCOL,
                "sasl.mechanism", CLIENT_MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + principal + "\" password=\"" + password(principal) + "\";");
    }

    /** The broker's super user on its loopback-only internal listener (SASL/PLAIN: static, in the broker's config). */
    Map<String, String> admin(String internalBootstrap) {
        return Map.of("bootstrap.servers", internalBootstrap,
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + ADMIN + "\" password=\"" + password(ADMIN) + "\";");
    }

    /**
     * The broker's JAAS line for SASL/PLAIN: it logs in to itself as {@value #ADMIN} (inter-broker, to its
     * controller) and knows that one user.
     */
    String brokerPlainJaas() {
        String password = password(ADMIN);
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + password + "\" user_" + ADMIN + "=\"" + password + "\";";
    }

    /**
     * The clients' listener's SASL/PLAIN users: the outsiders only, whose clients may be too old for SCRAM with
     * Kafka 4 (librdkafka before 2.6.1). PLAIN sends the password itself: no service's is ever accepted that way.
     */
    String outsidersPlainJaas() {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + REPORTER + "=\""
                + password(REPORTER) + "\" user_" + READER + "=\"" + password(READER) + "\";";
    }

    /** Never the passwords. */
    @Override
    public String toString() {
        return "KafkaPrincipals" + passwords.keySet();
    }
}
