package io.mflow.schemas;

/**
 * The topics of the public contract. Every record of one pipeline run is keyed by the pipeline task id, so one
 * run's records stay in one partition and are processed in order. A record that cannot be processed goes to the
 * topic's dead-letter twin, {@code <topic>.DLT}, with the reason in its headers.
 */
public final class Topics {

    /** {@code JobTaskStatusReported}: runners and users' own agents report progress; task-service applies it. */
    public static final String JOB_TASK_STATUS_REPORTS = "mflow.job-task-status-reports";

    /** {@code PipelineTaskCreated}, {@code PipelineTaskStatusChanged}, {@code JobTaskStatusChanged}: facts from task-service. */
    public static final String TASK_EVENTS = "mflow.task-events";

    /** {@code RunJob}, {@code CancelJob}: commands from pipeline-service to runner-service. */
    public static final String JOB_COMMANDS = "mflow.job-commands";

    /** {@code PipelineTaskStatusReported}: pipeline-service's conclusion of a run; task-service applies it. */
    public static final String PIPELINE_TASK_STATUS_REPORTS = "mflow.pipeline-task-status-reports";

    /**
     * {@code NotificationDelivered}, {@code NotifyEndpointChanged}: what notify-service sent and how it went;
     * task-service shows it on the tasks.
     */
    public static final String NOTIFY_EVENTS = "mflow.notify-events";

    /** {@code JobLogChunk}: the output of running jobs, masked; task-service keeps it and serves it. */
    public static final String JOB_LOGS = "mflow.job-logs";

    /**
     * {@code ApprovalChanged}: task-service's release approvals, one record per change, keyed by approval id;
     * notify-service tells their people and chat robots.
     */
    public static final String APPROVAL_EVENTS = "mflow.approval-events";

    /** Suffix of the dead-letter topic of each topic (spring-kafka's default naming). */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** Record header naming the Avro type of the value, for consumers that route without decoding. */
    public static final String TYPE_HEADER = "mflow-type";

    private Topics() {
    }
}
