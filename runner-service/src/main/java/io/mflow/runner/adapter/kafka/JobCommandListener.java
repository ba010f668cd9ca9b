package io.mflow.runner.adapter.kafka;

import io.mflow.localrunner.domain.Param;
import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.runner.app.CancelAttempt;
import io.mflow.runner.app.RunAttempt;
import io.mflow.runner.app.Secrets;
import io.mflow.runner.domain.Attempt;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Takes RunJob and CancelJob from {@code mflow.job-commands}. The offset is committed after this returns. */
public class JobCommandListener {

    private final RunAttempt runAttempt;
    private final CancelAttempt cancelAttempt;
    private final Secrets secrets;

    public JobCommandListener(RunAttempt runAttempt, CancelAttempt cancelAttempt, Secrets secrets) {
        this.runAttempt = runAttempt;
        this.cancelAttempt = cancelAttempt;
        this.secrets = secrets;
    }

    @KafkaListener(id = "runner-service-job-commands", topics = Topics.JOB_COMMANDS, groupId = "runner-service")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value instanceof RunJob run) {
            Attempt attempt = RunnerAvroMapping.attempt(run);
            requireOpenable(attempt);
            runAttempt.run(attempt);
        } else if (value instanceof CancelJob cancel) {
            var request = RunnerAvroMapping.cancel(cancel);
            requireOpenable(request.sealedUpdateToken(), "updateToken");
            cancelAttempt.cancel(request);
        } else {
            throw new InvalidRecordException("not a job command: "
                    + (value == null ? "null value" : value.getSchema().getFullName()));
        }
    }

    /** A token or param we cannot open would block the attempt's reports forever: refuse the command instead. */
    private void requireOpenable(Attempt attempt) {
        requireOpenable(attempt.sealedUpdateToken(), "updateToken");
        for (Param param : attempt.params()) {
            if (param.sensitive()) {
                requireOpenable(param.value(), "param " + param.name());
            }
        }
    }

    private void requireOpenable(String sealed, String what) {
        try {
            secrets.open(sealed);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(what + " cannot be opened with this runner's secret key", e);
        }
    }
}
