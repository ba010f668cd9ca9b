package io.mflow.runner.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The trace an execution keeps survives the store, and one stored before executions kept a trace still loads. */
class ExecutionDocumentsTest {

    private static final String KEPT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final Attempt ATTEMPT = new Attempt("jt-1#1", "jt-1", "pt-1", "LOCAL", "true", List.of(),
            "enc:v1:token", false);

    @Test
    void anExecutionReadBackKeepsTheTraceOfItsRunJob() {
        Execution running = new Execution(ATTEMPT.inTrace(KEPT), ExecutionState.RUNNING, 42L, "/w", "runner-a");

        Execution read = ExecutionDocuments.toExecution(ExecutionDocuments.toDocument(running));

        assertThat(read).isEqualTo(running);
        assertThat(read.attempt().traceparent()).isEqualTo(KEPT);
    }

    @Test
    void anExecutionStoredBeforeExecutionsKeptATraceLoadsWithoutOne() {
        Document earlier = ExecutionDocuments.toDocument(new Execution(ATTEMPT, ExecutionState.CLAIMED, null, null));
        earlier.remove("traceparent");

        Execution read = ExecutionDocuments.toExecution(earlier);

        assertThat(read.attempt().traceparent()).isNull();
        assertThat(read.attempt()).isEqualTo(ATTEMPT);
    }
}
