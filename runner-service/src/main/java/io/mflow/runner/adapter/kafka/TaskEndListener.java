package io.mflow.runner.adapter.kafka;

import io.mflow.runner.app.OutsideReports;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusChanged;
import java.util.EnumSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Hears from {@code mflow.task-events} when a job task ended, so a manualStatus attempt that an outside report
 * settled is settled here too and reports nothing later (no timeout). Every other record is no concern of the runner.
 */
public class TaskEndListener {

    private static final Set<Stage> FINAL = EnumSet.of(Stage.SUCCEEDED, Stage.FAILED, Stage.CANCELED, Stage.SKIPPED);

    private final OutsideReports outsideReports;

    public TaskEndListener(OutsideReports outsideReports) {
        this.outsideReports = outsideReports;
    }

    @KafkaListener(id = "runner-service-task-events", topics = Topics.TASK_EVENTS, groupId = "runner-service-task-events")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (!(record.value() instanceof JobTaskStatusChanged changed) || changed.getAttempt() <= 0) {
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
}
