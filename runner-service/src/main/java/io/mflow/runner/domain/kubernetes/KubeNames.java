package io.mflow.runner.domain.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names and labels of the Kubernetes objects of an attempt. The Job's name comes from the attempt alone, so a
 * redelivered command, or a runner that restarted, finds the Job it created instead of creating a second one.
 */
public final class KubeNames {

    /** Every Job and pod mflow creates carries it; the runner watches only these. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "mflow";
    /** On the Job and its pods: the Job's name, to find the pods of a Job. */
    public static final String JOB_LABEL = "mflow.io/job";
    public static final String JOB_TASK_ANNOTATION = "mflow.io/job-task-id";
    public static final String ATTEMPT_ANNOTATION = "mflow.io/attempt-id";

    private static final int MAX_NAME = 63;
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private KubeNames() {
    }

    /**
     * {@code mflow-<job task id>-<attempt>} in DNS label syntax (lower case, at most 63 characters); an id that had
     * to be changed to fit is shortened, and a hash of the whole attempt id keeps the name unique.
     */
    public static String jobName(String attemptId) {
        int hash = attemptId.lastIndexOf('#');
        String task = hash < 0 ? attemptId : attemptId.substring(0, hash);
        String number = hash < 0 ? "0" : attemptId.substring(hash + 1);
        String name = "mflow-" + dnsLabel(task) + "-" + dnsLabel(number);
        if (name.length() <= MAX_NAME && dnsLabel(task).equals(task) && dnsLabel(number).equals(number)) {
            return name; // nothing was lost, so two attempts never share a name
        }
        String digest = sha256(attemptId).substring(0, 10);
        String head = ("mflow-" + dnsLabel(task)).replaceAll("-+", "-");
        head = head.substring(0, Math.min(head.length(), MAX_NAME - digest.length() - number.length() - 2));
        return trimDashes(head) + "-" + dnsLabel(number) + "-" + digest;
    }

    /**
     * The run's labels as Kubernetes takes them: keys and values cut to label syntax (invalid characters become
     * {@code -}, at most 63 characters, alphanumeric at both ends); a key that has nothing left is dropped.
     */
    public static Map<String, String> labels(Map<String, String> runLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        runLabels.forEach((key, value) -> {
            String k = labelKey(key);
            if (k != null) {
                labels.put(k, labelValue(value));
            }
        });
        return labels;
    }

    static String labelKey(String key) {
        if (key == null) {
            return null;
        }
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash).toLowerCase(Locale.ROOT);
        String name = labelValue(slash < 0 ? key : key.substring(slash + 1));
        if (name.isEmpty()) {
            return null;
        }
        return prefix != null && DNS_SUBDOMAIN.matcher(prefix).matches() ? prefix + "/" + name : name;
    }

    public static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        String cut = value.replaceAll("[^-A-Za-z0-9_.]", "-");
        cut = cut.substring(0, Math.min(cut.length(), MAX_NAME));
        cut = cut.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        return LABEL_NAME.matcher(cut).matches() ? cut : "";
    }

    private static String dnsLabel(String text) {
        return trimDashes(text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
    }

    private static String trimDashes(String text) {
        return text.replaceAll("^-+", "").replaceAll("-+$", "");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
