package io.mflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a caller sees when their change kept losing to other writers: nothing changed, and they may try again. */
class ConcurrentChangeProblemTest {

    @Test
    void aChangeThatKeptLosingToOtherWritersIsAConflictToTryAgainNotAnIncident() {
        try (SampleService service = SampleService.start(List.of(SingleSignOnTest.ApiTokens.class))) {
            HttpResponse<String> answer = service.get("/contended", SingleSignOnTest.ApiTokens.DORA);

            SampleService.assertProblem(answer, 409, "urn:mflow:problem:conflict");
            assertThat(SampleService.json(answer).get("detail").asString()).contains("things/t-1", "try again");
        }
    }
}
