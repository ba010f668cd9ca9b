package io.mflow.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What the benchmark reads of a JVM from outside: its JIT compiler's CPU and its live heap. */
final class JvmProbe {

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private JvmProbe() {
    }

    /** CPU time of the JIT compiler threads of a process so far, in milliseconds (Linux only; 0 elsewhere). */
    static long compilerMillis(long pid) {
        return threadMillis(pid, name -> name.contains("CompilerThre"));
    }

    /** CPU time so far of the threads of a process whose name (its first 15 characters) passes {@code named}. */
    static long threadMillis(long pid, Predicate<String> named) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    if (named.test(Files.readString(thread.resolve("comm")).trim())) {
                        ticks += ticks(thread.resolve("stat"), 11);
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

    /** CPU time of a whole process so far (all its threads, user and system), in milliseconds; 0 if it is gone. */
    static long cpuMillis(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat"), 11) * 1000 / TICKS_PER_SECOND;
    }

    /** CPU time of the whole machine so far, busy (not idle, not waiting for I/O), in milliseconds. */
    static long machineBusyMillis() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu[i]); // idle, iowait
            }
            return busy * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks(Path stat, int utimeField) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[utimeField]) + Long.parseLong(fields[utimeField + 1]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
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
