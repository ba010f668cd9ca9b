package io.mflow.localrunner.process;

/** A job's detached process: its pid (also its process group's) and its work dir. */
public record LocalProcess(long pid, String workDir) {
}
