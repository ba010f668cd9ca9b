package io.mflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where {@code mflow} talks to and with which API token: {@code mflow login} keeps both in
 * {@code $XDG_CONFIG_HOME/mflow/credentials} (else {@code ~/.config/mflow/credentials}), readable by its owner only;
 * {@code MFLOW_SERVER} and {@code MFLOW_TOKEN} override the file.
 */
record Credentials(String server, String token) {

    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
    static final String FILE_NAME = "credentials";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The token is a secret: a careless log line or message shows it masked. */
    @Override
    public String toString() {
        return "Credentials[server=" + server + ", token=" + (token == null ? "none" : "****") + "]";
    }

    /** The file for this environment: under {@code $XDG_CONFIG_HOME}, else under the home directory's .config. */
    static Path file(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return config.resolve("mflow").resolve(FILE_NAME);
    }

    /** What this environment says: the file's server and token, each replaced by its variable where that is set. */
    static Credentials of(Map<String, String> env) {
        Optional<Credentials> saved = read(file(env));
        String server = nonBlank(env.get("MFLOW_SERVER"));
        if (server == null) {
            server = saved.map(Credentials::server).orElse(DEFAULT_SERVER);
        }
        String token = nonBlank(env.get("MFLOW_TOKEN"));
        if (token == null) {
            token = saved.map(Credentials::token).orElse(null);
        }
        return new Credentials(stripSlash(server), token);
    }

    static Optional<Credentials> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode saved = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new Credentials(textOf(saved, "server"), textOf(saved, "token")));
        } catch (IOException | JacksonException e) {
            // not the token in the message: only where the file is
            throw new CliFailure(ExitCodes.NOT_SIGNED_IN, file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); run 'mflow login' again");
        }
    }

    /**
     * Writes the file readable and writable by its owner only (0600, in a 0700 directory). It is made with that mode
     * under another name and then moved into place, so it never exists with a wider one, not even for a moment.
     */
    void save(Path file) {
        ObjectNode saved = JSON.createObjectNode().put("server", server).put("token", token);
        try {
            Path dir = file.getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            Path fresh = dir.resolve(FILE_NAME + ".new-" + ProcessHandle.current().pid());
            Files.deleteIfExists(fresh);
            if (posix) {
                Files.createFile(fresh, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(fresh);
            }
            Files.writeString(fresh, JSON.writeValueAsString(saved) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String textOf(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String stripSlash(String server) {
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }
}
