package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.event.PipelineTaskCreated;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** One run is one trace: what a REST request makes task-service announce goes out in the request's trace. */
class TracesIT extends TaskServiceHarness {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void theRecordsOfARunStartedInATraceCarryThatTrace() {
        String pipelineId = definePipeline("traced");
        Response started = send(HttpRequest.newBuilder(uri("/api/v1/pipelines/" + pipelineId + "/runs"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String run = started.json().path("id").asString();

        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            List<ConsumerRecord<String, byte[]>> ofRun = events.await(records -> records.stream()
                    .anyMatch(r -> run.equals(r.key()) && TopicReader.decode(r) instanceof PipelineTaskCreated))
                    .stream().filter(r -> run.equals(r.key())).toList();
            assertThat(ofRun).isNotEmpty().allSatisfy(record -> assertThat(traceIdOf(record)).isEqualTo(TRACE));
        }
    }

    @Test
    void aRunStartedOutsideAnyTraceStartsATraceOfItsOwn() {
        String run = run(definePipeline("untraced"));

        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            List<ConsumerRecord<String, byte[]>> ofRun = events.await(records -> records.stream()
                    .anyMatch(r -> run.equals(r.key()) && TopicReader.decode(r) instanceof PipelineTaskCreated))
                    .stream().filter(r -> run.equals(r.key())).toList();
            assertThat(ofRun).extracting(TracesIT::traceIdOf).doesNotContain(TRACE).hasSize(ofRun.size())
                    .as("every record of one request in one trace").containsOnly(traceIdOf(ofRun.get(0)));
        }
    }

    private static String traceIdOf(ConsumerRecord<String, byte[]> record) {
        Header traceparent = record.headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent of a " + TopicReader.decode(record).getClass().getSimpleName())
                .isNotNull();
        return new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
    }
}
