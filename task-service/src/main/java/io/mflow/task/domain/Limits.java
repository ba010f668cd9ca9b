package io.mflow.task.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How large what a caller sends may be; each limit is named in the error that enforces it. They keep one request
 * from filling the store or the broker: the whole body is capped at 1 MiB before it is read (the platform's
 * {@code mflow.web.max-request-body}), these cap each part of it.
 */
public final class Limits {

    /** Jobs, pipelines, stages, tasks, params, labels, users and tokens. */
    public static final int NAME_LENGTH = 128;
    public static final int RUNNER_SPEC_BYTES = 64 * 1024;
    /** A param's value, a webhook header's value: large enough for a certificate or a small config file. */
    public static final int VALUE_BYTES = 64 * 1024;
    /** A param's description, a label's value, a webhook's url. */
    public static final int TEXT_LENGTH = 2048;
    public static final int STAGES = 100;
    public static final int TASKS_PER_STAGE = 100;
    /** Params a job declares, values a task or a run gives, labels of a run, webhooks of a task and their parts. */
    public static final int ENTRIES = 100;
    public static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private Limits() {
    }

    /** Why the people of a gate are too many or a name too long, or null when they are not; {@code at} names them. */
    public static String checkGate(String at, Pipeline.GateDefinition gate) {
        if (gate == null) {
            return null;
        }
        String problem = checkCount(at, gate.people().size(), ENTRIES);
        for (int p = 0; problem == null && p < gate.people().size(); p++) {
            problem = checkLength(at + "[" + p + "]", gate.people().get(p), NAME_LENGTH);
        }
        return problem;
    }

    /** Why a name is not acceptable, or null when it is. */
    public static String checkName(String field, String value, Pattern pattern) {
        if (value == null || value.isBlank()) {
            return field + " is required";
        }
        String tooLong = firstOf(checkLength(field, value, NAME_LENGTH), checkPrintable(field, value));
        if (tooLong != null) {
            return tooLong;
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            return field + " must match " + pattern.pattern() + ", got '" + value + "'";
        }
        return null;
    }

    /**
     * Why a name is not printable, or null when it is. A name becomes a key in the store (which cannot hold a NUL in
     * one), an environment variable of a job (which cannot either) or a header; none has a use for a control character.
     */
    public static String checkPrintable(String field, String value) {
        Matcher control = value == null ? null : CONTROL.matcher(value);
        if (control == null || !control.find()) {
            return null;
        }
        return field + " has a control character (U+" + String.format("%04X", (int) value.charAt(control.start()))
                + ") at index " + control.start() + "; a name may have none";
    }

    /** Why a text is too long, or null when it is not (or absent: whether it is required is another check). */
    public static String checkLength(String field, String value, int maxCharacters) {
        if (value != null && value.length() > maxCharacters) {
            return field + " is " + value.length() + " characters long; at most " + maxCharacters + " are allowed";
        }
        return null;
    }

    /** Like {@link #checkLength} in UTF-8 bytes, for what is stored and sent on as a blob (scripts, values). */
    public static String checkBytes(String field, String value, int maxBytes) {
        if (value == null || value.length() * 3L <= maxBytes) {
            return null;
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return field + " is " + bytes + " bytes long; at most " + maxBytes + " (" + maxBytes / 1024
                    + " KiB) are allowed";
        }
        return null;
    }

    /** Why a list or map has too many entries, or null when it has not. */
    public static String checkCount(String field, int count, int max) {
        if (count > max) {
            return field + " has " + count + " entries; at most " + max + " are allowed";
        }
        return null;
    }

    /** Why the values a task or a run gives for params are not acceptable, or null when they are. */
    public static String checkValues(String field, List<ParamValue> values) {
        String problem = checkCount(field, values.size(), ENTRIES);
        for (int i = 0; problem == null && i < values.size(); i++) {
            String at = field + "[" + i + "]";
            problem = firstOf(checkName(at + ".name", values.get(i).name(), null),
                    checkParamValue(at + ".value", values.get(i).value()),
                    checkLength(at + ".scope.stage", values.get(i).scope().stage(), NAME_LENGTH),
                    checkLength(at + ".scope.task", values.get(i).scope().task(), NAME_LENGTH));
        }
        return problem;
    }

    /** What mflow's sealed values look like ({@code enc:v1:…}); a caller's value that does is refused. */
    private static final Pattern SEALED = Pattern.compile("enc:v[0-9]+:.*", Pattern.DOTALL);

    /**
     * Why a param's value is not acceptable, or null when it is. A value that looks sealed is refused: mflow seals
     * sensitive values itself, and one copied from a topic or a backup into another task must not be opened there.
     */
    public static String checkParamValue(String field, String value) {
        if (value != null && SEALED.matcher(value).matches()) {
            return field + " looks like a value mflow sealed (enc:v1:...); give the plain value, mflow seals it";
        }
        return checkBytes(field, value, VALUE_BYTES);
    }

    /** Why these entries (a run's labels, a webhook's headers) are not acceptable, or null when they are. */
    public static String checkEntries(String field, Map<String, String> entries, int maxValue, boolean inBytes) {
        String problem = checkCount(field, entries.size(), ENTRIES);
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (problem != null) {
                break;
            }
            String at = field + "." + entry.getKey();
            problem = firstOf(checkName("a key of " + field, entry.getKey(), null),
                    entry.getValue() == null ? at + " must be a string, not null" : null,
                    inBytes ? checkBytes(at, entry.getValue(), maxValue) : checkLength(at, entry.getValue(), maxValue));
        }
        return problem;
    }

    /** A report's detail: long text, e.g. a rollout's description. */
    public static final int DETAIL_BYTES = 64 * 1024;
    /** A report's extension, all its keys and values together. */
    public static final int EXTENSION_BYTES = 64 * 1024;

    /**
     * Why what a status report carries is too large, or null when it is not. A report is stored with its task and
     * announced on a topic, so it is bounded as a job's params are.
     */
    public static String checkReport(String message, Map<String, String> outputs, String detail,
                                     Map<String, String> extension) {
        return firstOf(checkBytes("message", message, VALUE_BYTES),
                checkEntries("outputs", outputs, VALUE_BYTES, true),
                checkBytes("detail", detail, DETAIL_BYTES),
                checkEntries("extension", extension, EXTENSION_BYTES, true),
                checkTotalBytes("extension", extension, EXTENSION_BYTES));
    }

    private static String checkTotalBytes(String field, Map<String, String> entries, int maxBytes) {
        long bytes = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            bytes += entry.getKey().getBytes(StandardCharsets.UTF_8).length
                    + (entry.getValue() == null ? 0 : entry.getValue().getBytes(StandardCharsets.UTF_8).length);
        }
        return bytes > maxBytes ? field + " is " + bytes + " bytes long in all; at most " + maxBytes + " ("
                + maxBytes / 1024 + " KiB) are allowed" : null;
    }

    /** The first problem found, or null when there is none. */
    /** The longest an attempt may be given: a week. */
    public static final Duration LONGEST_TIMEOUT = Duration.ofDays(7);

    /** A timeout is positive and at most {@link #LONGEST_TIMEOUT}; null (no limit) is fine. */
    public static String checkTimeout(String field, Duration timeout) {
        if (timeout == null) {
            return null;
        }
        return timeout.isNegative() || timeout.isZero() || timeout.compareTo(LONGEST_TIMEOUT) > 0
                ? field + " must be more than zero and at most " + LONGEST_TIMEOUT + ", not " + timeout : null;
    }

    public static String firstOf(String... problems) {
        for (String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
