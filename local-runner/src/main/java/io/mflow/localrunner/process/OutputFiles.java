package io.mflow.localrunner.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A job's output as a file that only grows: read in parts by offset, as the log shipper asks for it. */
public final class OutputFiles {

    private OutputFiles() {
    }

    /** Up to {@code max} bytes of the file from {@code offset} on; empty when there are none (yet), or no file. */
    public static byte[] read(Path path, long offset, int max) {
        if (!Files.exists(path)) {
            return new byte[0];
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long available = file.length() - offset;
            if (available <= 0) {
                return new byte[0];
            }
            byte[] bytes = new byte[(int) Math.min(available, max)];
            file.seek(offset);
            file.readFully(bytes);
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The last {@code maxBytes} of the file as text, for the message of a failed job; empty when there is none. */
    public static String tail(Path path, int maxBytes) {
        try {
            long size = Files.exists(path) ? Files.size(path) : 0;
            return new String(read(path, Math.max(0, size - maxBytes), maxBytes), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
