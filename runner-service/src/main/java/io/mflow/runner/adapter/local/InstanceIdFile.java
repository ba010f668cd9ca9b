package io.mflow.runner.adapter.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A runner-service instance's id, kept in {@code <work-dir>/instance-id}: made once, at random, and read on every
 * later start, so a restart on the same host (the same work dir, where its LOCAL jobs' dirs are) is the same
 * instance and recovers its own executions.
 */
public final class InstanceIdFile {

    public static final String NAME = "instance-id";

    private InstanceIdFile() {
    }

    /** The id in {@code workDir}, made and stored first when there is none. */
    public static String in(Path workDir) {
        Path file = workDir.resolve(NAME);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(workDir);
                try {
                    Files.writeString(file, "runner-" + UUID.randomUUID() + "\n", StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE_NEW);
                } catch (FileAlreadyExistsException e) {
                    // made meanwhile by another start on this work dir: that one is the id
                }
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (id.isEmpty()) {
                throw new IllegalStateException(file + " is empty: delete it to get a new instance id");
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("the instance id in " + file + " cannot be read or made", e);
        }
    }
}
