package io.mflow.task.adapter.kafka;

import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.task.app.NoteSentToRunner;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the commands pipeline-service sends runners, in a group of its own, for the params each attempt ran with: an
 * earlier job's output fills a param only there. Sealed values are kept sealed as they came.
 */
@Component
class JobCommandsListener {

    private final NoteSentToRunner noteSentToRunner;

    JobCommandsListener(NoteSentToRunner noteSentToRunner) {
        this.noteSentToRunner = noteSentToRunner;
    }

    @KafkaListener(id = "job-commands", groupId = "task-service-job-commands", topics = Topics.JOB_COMMANDS)
    void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof CancelJob) {
            return;
        }
        if (!(record.value() instanceof RunJob command)) {
            throw new InvalidRecordException("expected a RunJob or a CancelJob, got "
                    + (record.value() == null ? "no value" : record.value().getSchema().getFullName()));
        }
        if (!noteSentToRunner.note(command.getJobTaskId(), attemptOf(command),
                TaskAvroMapping.params(command.getParams()))) {
            throw new InvalidRecordException("RunJob " + command.getAttemptId() + ": no job task with id "
                    + command.getJobTaskId());
        }
    }

    /** The attempt's number, from its id: job task id, {@code #}, number. */
    private static int attemptOf(RunJob command) {
        String prefix = command.getJobTaskId() + "#";
        String id = command.getAttemptId();
        try {
            if (id.startsWith(prefix)) {
                return Integer.parseInt(id.substring(prefix.length()));
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidRecordException("RunJob " + id + ": its attempt id is not " + prefix + "<attempt>");
    }
}
