package io.mflow.schemas.sealed;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a sealed value belongs: what kind of value it is, the id of what owns it and the field it fills. It is the
 * associated data of the value's AES-GCM seal, so a ciphertext copied to any other place (another task's params,
 * another param of the same task, an update token's field, another webhook) does not open there.
 *
 * @param ownerId the job task, job, pipeline, webhook url or user the value belongs to
 * @param field   the param's name, the attempt's number, the header's name ...
 */
public record SealedPlace(Kind kind, String ownerId, String field) {

    /** The kinds of values mflow seals. A new kind is added at the end: the names are part of every seal. */
    public enum Kind {
        /** A sensitive param of a job task (the task's id, the param's name). */
        JOB_TASK_PARAM,
        /** The update token of one attempt of a job task (the task's id, the attempt's number). */
        UPDATE_TOKEN,
        /** A sensitive param's default in a job's definition (the job's id, the param's name). */
        JOB_PARAM_DEFAULT,
        /** A sensitive param's value a pipeline's task gives (the pipeline's id, the stage, task and param). */
        PIPELINE_TASK_PARAM,
        /** A header a webhook is sent with (the webhook's url, the header's name). */
        WEBHOOK_HEADER,
        /** The signing secret of a webhook (the webhook's url). */
        WEBHOOK_SECRET,
        /**
         * A webhook's url, which holds a chat robot's access token. Bound to its kind only: its headers and secret
         * are bound to it, and what a url is worth is the endpoint it names, which a plain url in a store edit would
         * name as well.
         */
        WEBHOOK_URL,
        /** A person's e-mail address, sealed in a run's plan (the user's name). */
        EMAIL_ADDRESS,
        /** A sensitive param's value a release approval's run gets (the approval's id, the param's name). */
        APPROVAL_PARAM
    }

    public SealedPlace {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(field, "field");
    }

    public static SealedPlace jobTaskParam(String jobTaskId, String paramName) {
        return new SealedPlace(Kind.JOB_TASK_PARAM, jobTaskId, paramName);
    }

    /** @param attempt 1 for a task's first attempt, one more for each retry */
    public static SealedPlace updateToken(String jobTaskId, int attempt) {
        return new SealedPlace(Kind.UPDATE_TOKEN, jobTaskId, "attempt " + attempt);
    }

    public static SealedPlace jobParamDefault(String jobId, String paramName) {
        return new SealedPlace(Kind.JOB_PARAM_DEFAULT, jobId, paramName);
    }

    /** Stage, task and param each go in whole (length-prefixed), so no name can pass for two others joined. */
    public static SealedPlace pipelineTaskParam(String pipelineId, String stageName, String taskName,
                                                String paramName) {
        return new SealedPlace(Kind.PIPELINE_TASK_PARAM, pipelineId, joined(stageName, taskName, paramName));
    }

    public static SealedPlace webhookHeader(String url, String headerName) {
        return new SealedPlace(Kind.WEBHOOK_HEADER, url, headerName);
    }

    public static SealedPlace webhookUrl() {
        return new SealedPlace(Kind.WEBHOOK_URL, "webhook", "url");
    }

    public static SealedPlace webhookSecret(String url) {
        return new SealedPlace(Kind.WEBHOOK_SECRET, url, "secret");
    }

    public static SealedPlace approvalParam(String approvalId, String paramName) {
        return new SealedPlace(Kind.APPROVAL_PARAM, approvalId, paramName);
    }

    public static SealedPlace emailAddress(String userName) {
        return new SealedPlace(Kind.EMAIL_ADDRESS, userName, "email");
    }

    /**
     * The associated data: a label, then kind, owner and field, each as its 4-byte length and UTF-8 bytes, so two
     * different places never give the same bytes (no separator an id or a name could contain).
     */
    byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {"mflow sealed place", kind.name(), ownerId, field}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static String joined(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            String value = Objects.requireNonNull(part);
            joined.append(value.length()).append(':').append(value);
        }
        return joined.toString();
    }

    /** Names the place without the owner's id, which may be a url with a robot's token in it. */
    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " '" + field + "'";
    }
}
