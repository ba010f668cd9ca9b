package io.mflow.runner.adapter.kafka;

import io.mflow.runner.app.OutsideReports;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Hears from {@code mflow.task-events} when a job task ended, so a manualStatus attempt that an outside report
 * settled is settled here too and reports nothing later (no timeout). Every other record is no concern of the runner,
 * and most of the time no such attempt waits here at all: records are taken as bytes and only a status change,
 * told by its type header, is decoded, and only while an attempt waits: the stream carries every change of every
 * run, a dozen records per pipeline, none of which the runner needs otherwise. A change missed meanwhile is
 * harmless: the runner's own late report of a task that ended is ignored by task-service.
 */
public class TaskEndListener {

    private static final Set<Stage> FINAL = EnumSet.of(Stage.SUCCEEDED, Stage.FAILED, Stage.CANCELED, Stage.SKIPPED);
    private static final String GROUP = "runner-service-task-events";
    private static final String STATUS_CHANGED = JobTaskStatusChanged.getClassSchema().getFullName();

    private final OutsideReports outsideReports;
    private final AvroDeserializer deserializer;

    private final String groupId;

    public TaskEndListener(OutsideReports outsideReports, AvroDeserializer deserializer) {
        this(outsideReports, deserializer, GROUP);
    }

    /**
     * @param groupId a group of this instance's own: every replica reads every task end, since only the instance
     *                that owns an attempt expects its end
     */
    public TaskEndListener(OutsideReports outsideReports, AvroDeserializer deserializer, String groupId) {
        this.outsideReports = outsideReports;
        this.deserializer = deserializer;
        this.groupId = groupId;
    }

    /** The group of one runner-service instance: {@code runner-service-task-events-<instance id>}. */
    public static String groupOf(String instanceId) {
        return instanceId == null ? GROUP : GROUP + "-" + instanceId;
    }

    public String getGroupId() {
        return groupId;
    }

    @KafkaListener(id = "runner-service-task-events", topics = Topics.TASK_EVENTS, groupId = "#{__listener.groupId}",
            properties = "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
    public void on(ConsumerRecord<String, byte[]> record) {
        if (!outsideReports.expectsAny() || !STATUS_CHANGED.equals(typeOf(record))
                || !(deserializer.deserialize(record.topic(), record.value()) instanceof JobTaskStatusChanged changed)
                || changed.getAttempt() <= 0) {
            return;
        }
        // The attempt id as RunJob derives it: <job task id>#<attempt number>.
        if (FINAL.contains(changed.getStage())) {
            outsideReports.taskEnded(changed.getJobTaskId() + "#" + changed.getAttempt());
        } else if (changed.getStage() == Stage.PENDING && changed.getAttempt() > 1) {
            // A new attempt (an outside FAILED that the retry policy retries): the one before it has ended.
            outsideReports.taskEnded(changed.getJobTaskId() + "#" + (changed.getAttempt() - 1));
        }
    }

    private static String typeOf(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(Topics.TYPE_HEADER);
        return type == null ? null : new String(type.value(), StandardCharsets.UTF_8);
    }
}
