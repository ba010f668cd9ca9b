package io.mflow.platform.tracing;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts the run a consumed record belongs to into the logs' MDC as {@code runId} while a listener handles it: every
 * topic of a run is keyed by the run's id (the pipeline task's, or the job task's for a job run on its own), so the
 * key is the run. The exceptions are keyed by their own ids (an approval, a notify endpoint), which then show there.
 */
public final class RunInLogs implements RecordInterceptor<Object, Object> {

    public static final String MDC_KEY = "runId";

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
                                                    Consumer<Object, Object> consumer) {
        if (record.key() instanceof String key) {
            MDC.put(MDC_KEY, key);
        } else {
            MDC.remove(MDC_KEY);
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        MDC.remove(MDC_KEY);
    }
}
