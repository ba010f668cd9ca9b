package io.mflow.runner.app;

/** A started job process: its pid and the runner's locator of it (the work dir for the LOCAL runner). */
public record Launch(long pid, String where) {
}
