package io.mflow.task.adapter.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Moments and durations as the pages print them: UTC to the second, and "1m 05s". */
public final class Times {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    public String at(Instant instant) {
        return instant == null ? "" : AT.format(instant);
    }

    /** From start to end, or to now while it runs; blank before it started. */
    public String took(Instant start, Instant end) {
        if (start == null) {
            return "";
        }
        Duration took = Duration.between(start, end != null ? end : Instant.now());
        long seconds = Math.max(0, took.toSeconds());
        if (seconds < 60) {
            return took.toMillis() < 1000 && end != null ? took.toMillis() + "ms" : seconds + "s";
        }
        if (seconds < 3600) {
            return "%dm %02ds".formatted(seconds / 60, seconds % 60);
        }
        return "%dh %02dm".formatted(seconds / 3600, seconds % 3600 / 60);
    }
}
