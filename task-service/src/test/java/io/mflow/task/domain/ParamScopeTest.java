package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Which tasks a scoped run param reaches, as the reference's GetTaskParams(stage, task) decides, but by a stage's and
 * a task's name as well as by number. The pipeline: stage 1 "build" (tasks 1 "compile", 2 "test"), stage 2 "deploy"
 * (task 1 "roll-out").
 */
class ParamScopeTest {

    @ParameterizedTest(name = "scope stage={0} task={1} reaching {2}/{3}: {4}")
    @CsvSource(nullValues = "null", textBlock = """
            null,     null,     build,  compile,  true
            '',       '',       deploy, roll-out, true
            '*',      null,     deploy, roll-out, true
            '0',      '3',      build,  test,     true
            build,    null,     build,  test,     true
            build,    null,     deploy, roll-out, false
            1,        null,     build,  compile,  true
            2,        '*',      deploy, roll-out, true
            2,        null,     build,  compile,  false
            build,    test,     build,  test,     true
            build,    test,     build,  compile,  false
            build,    2,        build,  test,     true
            1,        1,        build,  compile,  true
            1,        1,        build,  test,     false
            deploy,   compile,  build,  compile,  false
            """)
    void aScopeReachesTheTasksItNamesByNameOrNumber(String stage, String task, String stageName, String taskName,
                                                    boolean reaches) {
        int stageNumber = stageName.equals("build") ? 1 : 2;
        int taskNumber = taskName.equals("test") ? 2 : 1;
        assertThat(new ParamScope(stage, task).reaches(stageName, stageNumber, taskName, taskNumber)).isEqualTo(reaches);
    }

    @Test
    void aScopeThatNamesNoStageOrTaskOfThePipelineSaysSo() {
        Pipeline pipeline = pipeline();
        assertThat(new ParamScope("build", "test").problemIn(pipeline)).isNull();
        assertThat(new ParamScope("2", null).problemIn(pipeline)).isNull();
        assertThat(new ParamScope("release", null).problemIn(pipeline)).isEqualTo("the pipeline has no stage 'release'");
        assertThat(new ParamScope("3", null).problemIn(pipeline)).isEqualTo("the pipeline has no stage '3'");
        assertThat(new ParamScope("deploy", "3").problemIn(pipeline)).isEqualTo("stage 'deploy' has no task '3'");
        assertThat(new ParamScope(null, "test").problemIn(pipeline)).isEqualTo("a scope that names a task needs its stage");
    }

    @Test
    void aStageNamedLikeANumberIsThatStageByItsName() {
        assertThat(new ParamScope("2", null).reaches("2", 1, "t", 1)).isTrue();
    }

    private static Pipeline pipeline() {
        return new Pipeline("pl-1", "shop", List.of(
                new Pipeline.StageDefinition("build", false, List.of(task("compile"), task("test"))),
                new Pipeline.StageDefinition("deploy", false, List.of(task("roll-out")))),
                Instant.EPOCH, "alice", List.of(), List.of());
    }

    private static Pipeline.TaskDefinition task(String name) {
        return new Pipeline.TaskDefinition(name, "job-" + name, name, List.of(), false, false, List.of(), null, null,
                null, null, List.of());
    }
}
