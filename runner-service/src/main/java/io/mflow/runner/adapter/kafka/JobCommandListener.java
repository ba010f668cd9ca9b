package io.mflow.runner.adapter.kafka;

import io.mflow.localrunner.domain.Param;
import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.platform.tracing.TraceHeaders;
import io.mflow.runner.app.CancelAttempt;
import io.mflow.runner.app.RunAttempt;
import io.mflow.runner.app.Secrets;
import io.mflow.runner.domain.Attempt;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.sealed.SealedPlace;
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
            // the listener's span continues the RunJob's trace: the attempt keeps it for its later reports
            Attempt attempt = RunnerAvroMapping.attempt(run).inTrace(TraceHeaders.currentTraceparent());
            requireOpenable(attempt);
            runAttempt.run(attempt);
        } else if (value instanceof CancelJob cancel) {
            var request = RunnerAvroMapping.cancel(cancel);
            requireOpenable(() -> secrets.updateToken(request.sealedUpdateToken(), request.jobTaskId(), request.attemptId()),
                    "updateToken");
            cancelAttempt.cancel(request);
        } else {
            throw new InvalidRecordException("not a job command: "
                    + (value == null ? "null value" : value.getSchema().getFullName()));
        }
    }

    /**
     * A token or param we cannot open would block the attempt's reports forever, and one sealed for another task or
     * attempt (copied into this command) must not run: refuse the command instead, naming what did not open.
     */
    private void requireOpenable(Attempt attempt) {
        requireOpenable(() -> secrets.updateTokenOf(attempt), "updateToken");
        for (Param param : attempt.params()) {
            if (param.sensitive()) {
                requireOpenable(() -> secrets.open(param.value(),
                        SealedPlace.jobTaskParam(attempt.jobTaskId(), param.name())), "param " + param.name());
            }
        }
    }

    private static void requireOpenable(Runnable opening, String what) {
        try {
            opening.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(what + " does not open here: " + e.getMessage(), e);
        }
    }
}
