package io.mflow.runner.adapter.local;

import io.mflow.localrunner.process.OutputFiles;
import io.mflow.runner.app.AgentLogs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Agents' output in files under runner-service's work dir ({@code agents/<attempt>.log}), so it survives a restart
 * of runner-service until the log shipper has published it.
 */
public final class FileAgentLogs implements AgentLogs {

    private final Path dir;

    public FileAgentLogs(Path dir) {
        this.dir = dir;
    }

    @Override
    public void write(String attemptId, long offset, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            try (RandomAccessFile file = new RandomAccessFile(fileOf(attemptId).toFile(), "rw")) {
                if (offset > file.length()) {
                    throw new IllegalArgumentException("output of " + attemptId + " has " + file.length()
                            + " bytes; a part from " + offset + " would leave a gap");
                }
                file.seek(offset);
                file.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] read(String attemptId, long offset, int max) {
        return OutputFiles.read(fileOf(attemptId), offset, max);
    }

    @Override
    public String tail(String attemptId, int maxBytes) {
        return OutputFiles.tail(fileOf(attemptId), maxBytes);
    }

    @Override
    public void delete(String attemptId) {
        try {
            Files.deleteIfExists(fileOf(attemptId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path fileOf(String attemptId) {
        return dir.resolve(attemptId.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log");
    }
}
