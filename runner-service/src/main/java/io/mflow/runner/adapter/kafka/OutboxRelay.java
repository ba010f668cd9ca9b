package io.mflow.runner.adapter.kafka;

import io.mflow.runner.app.Executions;
import io.mflow.runner.app.PendingReports;
import io.mflow.runner.app.ReportRelay;
import io.mflow.runner.app.Secrets;
import io.mflow.runner.domain.Report;
import io.mflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends the reports in the executions' outboxes to {@code mflow.job-task-status-reports}, in order per execution,
 * waits for the acks, then removes them. One thread does all sending, so two drains never interleave; a crash
 * after a send and before the removal sends the report again with the same id, which task-service drops.
 */
public class OutboxRelay implements ReportRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final Executions executions;
    private final KafkaTemplate<String, SpecificRecord> template;
    private final Secrets secrets;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final AtomicBoolean wokenPending = new AtomicBoolean();
    private final Queue<String> woken = new ConcurrentLinkedQueue<>();

    public OutboxRelay(Executions executions, KafkaTemplate<String, SpecificRecord> template, Secrets secrets) {
        this.executions = executions;
        this.template = template;
        this.secrets = secrets;
    }

    /** Sends the attempt's new reports now, reading only its document: a wake never scans. */
    @Override
    public void wake(String attemptId) {
        woken.add(attemptId);
        if (wokenPending.compareAndSet(false, true) && !sender.isShutdown()) {
            sender.execute(() -> {
                wokenPending.set(false);
                for (String id = woken.poll(); id != null; id = woken.poll()) {
                    try {
                        executions.pendingReportsOf(id).ifPresent(this::send);
                    } catch (RuntimeException e) {
                        log.warn("outbox relay: reports of {} not sent now, the sweep retries: {}", id, e.toString());
                    }
                }
            });
        }
    }

    /** Picks up what a crash or a failed send left behind. */
    @Scheduled(fixedDelayString = "${mflow.runner.relay-sweep:2s}")
    public void sweep() {
        // Sweeps that arrive while one waits to run are folded into it.
        if (drainPending.compareAndSet(false, true) && !sender.isShutdown()) {
            sender.execute(() -> {
                drainPending.set(false);
                drain();
            });
        }
    }

    private void drain() {
        try {
            List<PendingReports> pending = executions.pendingReports(BATCH);
            log.debug("outbox relay: {} executions with reports to send", pending.size());
            for (PendingReports one : pending) {
                send(one);
            }
            if (pending.size() == BATCH) {
                sweep();
            }
        } catch (RuntimeException e) {
            log.warn("outbox relay: {}", e.toString());
        }
    }

    private void send(PendingReports pending) {
        List<String> sent = new ArrayList<>();
        try {
            String token = secrets.open(pending.attempt().sealedUpdateToken());
            for (Report report : pending.reports()) {
                template.send(Topics.JOB_TASK_STATUS_REPORTS, pending.attempt().reportKey(),
                        JobCommandMapping.report(pending, report, token)).get(30, TimeUnit.SECONDS);
                sent.add(report.reportId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Later reports of this attempt wait for the earlier one, so task-service sees them in order.
            log.warn("outbox relay: a report of {} was not sent: {}", pending.attempt().attemptId(), e.toString());
        } finally {
            if (!sent.isEmpty()) {
                executions.removeReports(pending.attempt().attemptId(), sent);
            }
        }
    }

    public void shutdown() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
