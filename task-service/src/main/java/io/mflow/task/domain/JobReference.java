package io.mflow.task.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a task names its job: {@code [namespace/]name[:version]}. Without a namespace it is the one of whoever refers
 * (the pipeline's, or {@code default} for a job run on its own); without a version it means the latest published
 * version that still exists, looked up when a run starts, so a pipeline follows its job's new versions unless it pins
 * one.
 *
 * @param version null when not pinned
 */
public record JobReference(String namespace, String name, String version) {

    /** The characters of a namespace, a job name and a version alike. */
    public static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern SHAPE = Pattern.compile("(?:([^/:]+)/)?([^/:]+)(?::([^/:]+))?");

    /** The reference in {@code text}, its namespace defaulting to {@code namespace}; empty when it is not one. */
    public static Optional<JobReference> parse(String text, String namespace) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String ns = m.group(1) == null ? namespace : m.group(1);
        if (!PART.matcher(ns).matches() || !PART.matcher(m.group(2)).matches()
                || (m.group(3) != null && !PART.matcher(m.group(3)).matches())) {
            return Optional.empty();
        }
        return Optional.of(new JobReference(ns, m.group(2), m.group(3)));
    }

    public boolean pinned() {
        return version != null;
    }

    /** The text a definition keeps: always with its namespace, with its version only when pinned. */
    @Override
    public String toString() {
        return namespace + "/" + name + (pinned() ? ":" + version : "");
    }
}
