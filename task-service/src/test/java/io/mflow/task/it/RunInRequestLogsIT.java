package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A search of the logs for a run's id finds the REST requests that started and changed it. */
@ExtendWith(OutputCaptureExtension.class)
class RunInRequestLogsIT extends TaskServiceHarness {

    @Test
    void theRequestsThatStartAndCancelARunLogWithItsId(CapturedOutput output) {
        String pipelineId = definePipeline("logged");

        String run = run(pipelineId);
        Response cancel = post("/api/v1/pipeline-tasks/" + run + "/cancel", "{}");

        assertThat(lineOf(output, "POST /api/v1/pipelines/" + pipelineId + "/runs answered 201")).contains(inLogs(run));
        assertThat(lineOf(output, "POST /api/v1/pipeline-tasks/" + run + "/cancel answered " + cancel.status()))
                .contains(inLogs(run));
    }

    @Test
    void aRequestOnAJobTaskLogsWithTheIdOfItsRunEvenWhenItIsRefused(CapturedOutput output) {
        String run = run(definePipeline("logged-job"));
        String jobTaskId = firstTask(planOf(run)).getJobTaskId();

        // someone without the task's update token tries to finish it
        Response forged = call("POST", "/api/v1/job-tasks/" + jobTaskId + "/status",
                json(Map.of("token", "not-the-token", "stage", "SUCCEEDED")), null);

        assertThat(forged.status()).as(forged.body()).isGreaterThanOrEqualTo(400);
        assertThat(lineOf(output, "POST /api/v1/job-tasks/" + jobTaskId + "/status answered " + forged.status()))
                .contains(inLogs(run));
    }

    @Test
    void aRunsIdDoesNotFollowItsRequestIntoTheNextOne(CapturedOutput output) {
        String pipelineId = definePipeline("logged-next");
        String first = run(pipelineId);
        String second = run(pipelineId);

        Response cancel = post("/api/v1/pipeline-tasks/" + second + "/cancel", "{}");

        assertThat(lineOf(output, "POST /api/v1/pipeline-tasks/" + second + "/cancel answered " + cancel.status()))
                .contains(inLogs(second)).doesNotContain(first);
        assertThat(output.getAll()).as("a request that defines a job or a pipeline acts on no run: no such line")
                .doesNotContain("POST /api/v1/jobs answered").doesNotContain("POST /api/v1/pipelines answered");
    }

    /** The MDC's run id as the log pattern shows it: {@code [traceId,spanId,runId]}. */
    private static String inLogs(String run) {
        return "," + run + "] ";
    }

    private static String lineOf(CapturedOutput output, String text) {
        return output.getAll().lines().filter(line -> line.contains(text)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no log line says " + text));
    }
}
