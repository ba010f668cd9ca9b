package io.mflow.runner.app;

import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.Transition;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops an attempt, or makes sure it never starts when its RunJob comes later. */
public class CancelAttempt {

    private static final Logger log = LoggerFactory.getLogger(CancelAttempt.class);
    private static final int MAX_ATTEMPTS = 10;

    private final Executions executions;
    private final ChangeExecution change;
    private final ReportRelay relay;
    private final Runners runners;
    private final Clock clock;

    public CancelAttempt(Executions executions, ChangeExecution change, ReportRelay relay, Runners runners, Clock clock) {
        this.executions = executions;
        this.change = change;
        this.relay = relay;
        this.runners = runners;
        this.clock = clock;
    }

    public void cancel(CancelRequest request) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Optional<Execution> after = change.apply(request.attemptId(),
                    e -> e.canceled(request.reasonOrDefault(), clock.instant()));
            if (after.isPresent()) {
                stopIfItRan(after.get());
                return;
            }
            Attempt unseen = Attempt.canceledUnseen(request.attemptId(), request.jobTaskId(), request.pipelineTaskId(),
                    request.sealedUpdateToken());
            Transition.Moved canceled = Execution.canceledBeforeSeen(unseen, request.reasonOrDefault(), clock.instant());
            if (executions.create(canceled)) {
                relay.stored(ReportRelay.CREATED, canceled);
                log.info("attempt {} canceled before it was seen; it will not run", request.attemptId());
                return;
            }
            // The RunJob claimed it between our read and our insert: cancel that claim instead.
        }
        throw new IllegalStateException("cancel of " + request.attemptId() + " kept racing with its claim");
    }

    /**
     * Also when the execution was canceled already: a CancelJob replayed after a crash between the write and the
     * kill gets to kill the process then.
     */
    private void stopIfItRan(Execution execution) {
        if (execution.state() != ExecutionState.CANCELED || execution.pid() == null) {
            return;
        }
        runners.forType(execution.attempt().runnerType()).ifPresent(runner -> runner.stop(execution.attempt(),
                new Launch(execution.pid(), execution.workDir())));
    }
}
