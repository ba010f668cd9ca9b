package io.mflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.agentapi.Finished;
import io.mflow.localrunner.agentapi.HeartbeatReply;
import io.mflow.localrunner.agentapi.Hello;
import io.mflow.localrunner.agentapi.Started;
import io.mflow.localrunner.agentapi.Work;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON the agent and runner-service exchange, as agents already deployed and runner-services already running
 * write and read it: the shared records must keep it as it was when each end built its own maps.
 */
class AgentApiWireTest {

    @Test
    void theAgentSaysHelloWithTheFieldsRunnerServiceReads() {
        String json = EngineClient.JSON.writeValueAsString(new Hello(List.of("linux"), "0.1.0", 4, List.of("jt-1#1")));

        assertThat(EngineClient.JSON.readTree(json)).isEqualTo(EngineClient.JSON.readTree(
                "{\"tags\": [\"linux\"], \"version\": \"0.1.0\", \"concurrency\": 4, \"running\": [\"jt-1#1\"]}"));
    }

    @Test
    void theAgentReportsAStartAndAnEndWithTheFieldsRunnerServiceReadsNullsIncluded() {
        assertThat(EngineClient.JSON.readTree(EngineClient.JSON.writeValueAsString(new Started("jt-1#1"))))
                .isEqualTo(EngineClient.JSON.readTree("{\"attemptId\": \"jt-1#1\"}"));
        String vanished = EngineClient.JSON.writeValueAsString(new Finished("jt-1#1", null, Map.of(), null));

        assertThat(EngineClient.JSON.readTree(vanished)).isEqualTo(EngineClient.JSON.readTree(
                "{\"attemptId\": \"jt-1#1\", \"exitCode\": null, \"outputs\": {}, \"error\": null}"));
    }

    @Test
    void workAsRunnerServiceHandsItOutIsReadWholeAndAFieldOfANewerOneIsIgnored() {
        Work work = EngineClient.JSON.readValue("""
                {"attemptId": "jt-1#2", "jobTaskId": "jt-1", "pipelineTaskId": "pt-1", "runnerSpec": "make test",
                 "params": [{"name": "PASSWORD", "value": "s3cret", "sensitive": true},
                            {"name": "MODE", "value": null, "sensitive": false}],
                 "updateToken": "token-1", "timeoutMillis": 600000, "statusBaseUrl": "http://mflow:8080",
                 "kafkaBootstrapServers": null, "comesInALaterVersion": {"x": 1}}
                """, Work.class);

        assertThat(work).isEqualTo(new Work("jt-1#2", "jt-1", "pt-1", "make test",
                List.of(new Work.Param("PASSWORD", "s3cret", true), new Work.Param("MODE", null, false)), "token-1",
                600_000L, "http://mflow:8080", null));
    }

    @Test
    void anOlderRunnerServicesWorkWithoutTheReportingFieldsIsReadToo() {
        Work work = EngineClient.JSON.readValue("""
                {"attemptId": "jt-1#1", "jobTaskId": "jt-1", "pipelineTaskId": null, "runnerSpec": "true",
                 "params": [], "updateToken": "token-1", "timeoutMillis": null}
                """, Work.class);

        assertThat(work.statusBaseUrl()).isNull();
        assertThat(work.kafkaBootstrapServers()).isNull();
        assertThat(work.attemptId()).isEqualTo("jt-1#1");
    }

    @Test
    void theHeartbeatsAnswerNamesTheAttemptsToStop() {
        assertThat(EngineClient.JSON.readValue("{\"stop\": [\"jt-1#1\"]}", HeartbeatReply.class).stop())
                .containsExactly("jt-1#1");
    }
}
