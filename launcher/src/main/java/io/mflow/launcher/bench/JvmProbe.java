package io.mflow.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the benchmark reads of a JVM from outside: its JIT compiler's CPU and its live heap. */
final class JvmProbe {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private JvmProbe() {
    }

    /** CPU time of the JIT compiler threads of a process so far, in milliseconds (Linux only; 0 elsewhere). */
    static long compilerMillis(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    String name = Files.readString(thread.resolve("comm")).trim();
                    if (name.contains("CompilerThre")) {
                        String stat = Files.readString(thread.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    }
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended while we read it
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** Live heap after a full GC, in bytes: the total of {@code jcmd <pid> GC.class_histogram}, which collects first. */
    static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        List<String> lines;
        try (var reader = process.inputReader()) {
            lines = reader.lines().toList();
        }
        process.waitFor(60, TimeUnit.SECONDS);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).trim();
            if (line.startsWith("Total")) {
                String[] parts = line.split("\\s+");
                return Long.parseLong(parts[2]);
            }
        }
        throw new IOException("no histogram total from jcmd " + pid + ": " + String.join("\n", lines));
    }
}
