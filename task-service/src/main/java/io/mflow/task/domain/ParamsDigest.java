package io.mflow.task.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * What an approval approved: {@code sha256:} and the hex SHA-256 of a job task's params as it will run them, sorted
 * by name, each name and value with its length in front (so no two lists of params give the same text).
 * <ul>
 *   <li>A sensitive value counts in the form the task keeps and hands its runner: sealed. Sealing draws a new nonce
 *       each time, so a new sensitive value, and even the same one given again, changes the digest: an approval
 *       never covers a secret it did not see sealed in the task. The digest of a ciphertext tells nothing of the
 *       plaintext, so it may be shown to anyone; a digest of the plaintext would let a reader guess a short secret
 *       by trying values, and an HMAC of it would need the key where approvals are counted.</li>
 *   <li>The update token is left out: it is the runner's credential, not something an auditor judges, and it may
 *       be new for each attempt.</li>
 * </ul>
 */
public final class ParamsDigest {

    static final String PREFIX = "sha256:";

    private ParamsDigest() {
    }

    public static String of(List<RunParam> params) {
        StringBuilder text = new StringBuilder();
        params.stream()
                .filter(p -> !RunParamSet.JOB_TASK_UPDATE_TOKEN.equals(p.name()))
                .sorted(Comparator.comparing(RunParam::name))
                .forEach(p -> {
                    String value = p.value() == null ? "" : p.value();
                    text.append(p.name().length()).append(':').append(p.name())
                            .append(value.length()).append(':').append(value).append('\n');
                });
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
