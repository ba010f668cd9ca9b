package io.mflow.pipeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NextRunTest {

    static Stream<Arguments> behaviours() {
        return Stream.of(
                row("a serial stage starts its first task", "S: a=PENDING b=PENDING", "start a"),
                row("a serial stage waits while its current task runs", "S: a=ACTIVE* b=PENDING", "wait"),
                row("a serial stage starts the next task once the previous succeeded", "S: a=SUCCEEDED* b=PENDING", "start b"),
                row("serial order is the definition order, not names or timestamps (C10)", "S: b=PENDING a=PENDING", "start b"),
                row("a serial task still CREATING makes the run wait instead of starting a second one (C3)", "S: a=CREATING* b=PENDING", "wait"),
                row("a serial stage whose only task is SCHEDULING waits instead of indexing an empty list (O2)", "S: a=SCHEDULING*", "wait"),
                row("a parallel stage starts all its tasks at once", "S: a=SUCCEEDED* | P: b=PENDING c=PENDING d=PENDING", "start b c d"),
                row("a parallel stage waits for an ACTIVE sibling instead of failing (O1)", "P: a=SUCCEEDED* b=ACTIVE* | S: c=PENDING", "wait"),
                row("a parallel stage waits for a CREATING sibling instead of succeeding early (O2)", "P: a=SUCCEEDED* b=CREATING*", "wait"),
                row("a parallel stage waits for a SCHEDULING sibling instead of succeeding early (O2)", "P: a=SUCCEEDED* b=SCHEDULING*", "wait"),
                row("a parallel stage waits for a CANCELING sibling whose CancelJob went out", "P: a=SUCCEEDED* b=CANCELING*^", "wait"),
                row("a dispatched task still PENDING is never dispatched again (C3)", "P: a=PENDING* b=PENDING*", "wait"),
                row("a failure with ignoreFailed counts as done", "P: a=FAILED*! b=SUCCEEDED* | S: c=PENDING", "start c"),
                row("a skipped task counts as done", "S: a=SKIPPED b=PENDING", "start b"),
                row("a failure without ignoreFailed fails the run", "S: a=FAILED* | S: b=PENDING", "conclude FAILED"),
                row("a failure fails the run even while a sibling still runs, and starts nothing", "P: a=FAILED* b=ACTIVE* | S: c=PENDING", "conclude FAILED"),
                row("a run whose tasks are all done succeeds", "S: a=SUCCEEDED* | P: b=SUCCEEDED* c=FAILED*!", "conclude SUCCEEDED"),
                row("a concluded run never starts the next stage (O3)", "concluded; S: a=FAILED* | S: b=PENDING", "wait"),
                row("a concluded run never concludes again (O3)", "concluded; S: a=SUCCEEDED*", "wait"),
                row("a cancel cancels every unfinished task and waits for the running ones", "cancel; P: a=ACTIVE* b=PENDING | S: c=PENDING", "cancel a b c"),
                row("a cancel sends each CancelJob once", "cancel; S: a=ACTIVE*^ b=PENDING^", "wait"),
                row("a cancel waits for the runner to answer each task's cancel, also of one never started", "cancel; S: a=CANCELED*^ b=PENDING^", "wait"),
                row("a cancel concludes CANCELED once every task ended", "cancel; S: a=CANCELED*^ b=CANCELED^", "conclude CANCELED"),
                row("a cancel with nothing running cancels the rest, and concludes when they ended", "cancel; S: a=SUCCEEDED* | S: b=PENDING", "cancel b"),
                row("a cancel starts nothing new", "cancel; S: a=SUCCEEDED*^ | P: b=PENDING^", "wait"),
                row("a task canceled without a request cancels the run", "P: a=CANCELED* b=ACTIVE*", "cancel b"),
                row("a task canceled without a request cancels the tasks after it", "S: a=CANCELED* | S: b=PENDING", "cancel b"),
                row("a task canceled without a request concludes CANCELED once the rest ended", "S: a=CANCELED* | S: b=CANCELED^", "conclude CANCELED"),
                row("an audited task whose turn comes is announced and does not start", "S: a=SUCCEEDED* | S: b=PENDING[audit:PENDING]", "announce b"),
                row("an audited task's turn is announced once", "S: b=PENDING[audit:WAITING,told]", "wait"),
                row("an approved task starts", "S: b=PENDING[audit:PASS,told]", "start b"),
                row("a pre-approved task starts without waiting", "S: a=SUCCEEDED* | S: b=PENDING[audit:PASS]", "start b"),
                row("a parallel stage starts its other tasks while one waits for its audit", "P: a=PENDING b=PENDING[audit:PENDING]", "start a, announce b"),
                row("a serial task after one waiting for its audit waits too", "S: a=PENDING[audit:WAITING,told] b=PENDING", "wait"),
                row("a task denied before its turn is not announced", "S: a=PENDING[audit:DENY]", "wait"),
                row("a denied audit fails the run as any failure", "S: a=FAILED[audit:DENY,told] | S: b=PENDING", "conclude FAILED"),
                row("a denied audit with ignoreFailed lets the run go on once", "S: a=FAILED![audit:DENY,told] | S: b=PENDING", "start b"),
                row("a dry run does not wait for auditors", "dry; S: a=PENDING[audit:PENDING]", "start a"),
                row("a result waiting for its checkers holds the run", "S: a=SUCCEEDED*[confirm:WAITING] | S: b=PENDING", "wait"),
                row("a confirmed result lets the run go on", "S: a=SUCCEEDED*[confirm:PASS] | S: b=PENDING", "start b"),
                row("an ignored failure waits for its checkers too", "S: a=FAILED*![confirm:WAITING] | S: b=PENDING", "wait"),
                row("a result not confirmed fails the run", "S: a=SUCCEEDED*[confirm:DENY] | S: b=PENDING", "conclude FAILED"),
                row("a run whose last result waits for its checkers does not succeed yet", "S: a=SUCCEEDED*[confirm:WAITING]", "wait"),
                row("a dry run does not wait for checkers", "dry; S: a=SUCCEEDED*[confirm:PENDING] | S: b=PENDING", "start b"),
                row("a running task a person cancels is stopped by its runner", "S: a=CANCELING* | S: b=PENDING", "cancel a"),
                row("a task canceled before it was dispatched is kept from starting by its runner", "P: a=ACTIVE* b=CANCELING", "cancel b"),
                row("a task canceled while waiting for its audit never starts", "S: a=CANCELING[audit:WAITING,told]", "cancel a"),
                row("a cancel asked of a task is sent once", "S: a=CANCELING*^ | S: b=PENDING", "wait"),
                row("a cancel asked of a task is carried out after its run ended", "concluded; S: a=FAILED* | P: b=CANCELING", "cancel b"),
                row("a task canceled by a person cancels the rest of the run once it stopped", "S: a=CANCELED*^ | S: b=PENDING", "cancel b"),
                row("a task a person skipped counts as done", "S: a=SKIPPED*^ | S: b=PENDING", "start b"),
                row("an attempt on its way of a task a person skipped is stopped", "S: a=SKIPPED* | S: b=PENDING", "cancel a"),
                row("a required param with no value rejects the task, with the reason", "S: a=PENDING(HOST!)",
                        "reject a (job task a cannot run: required param HOST has no value)"),
                row("a rejection names every required param without a value", "S: a=PENDING(HOST!,V,PORT!)",
                        "reject a (job task a cannot run: required param HOST, PORT has no value)"),
                row("a required param with a value runs", "S: a=PENDING(HOST!=web1,V)", "start a[HOST=web1,V=]"),
                row("a required param an earlier task's output filled runs with that value",
                        "out HOST=web1; S: a=SUCCEEDED* b=PENDING(HOST!)", "start b[HOST=web1]"),
                row("an earlier task's output replaces a param's planned value", "out V=new; S: a=SUCCEEDED* b=PENDING(V=old)",
                        "start b[V=new]"),
                row("an earlier task's output that does not fit a later task's typed param fails that task, naming the param",
                        "out REPLICAS=three; S: a=SUCCEEDED* b=PENDING(REPLICAS:NUMBER=1)",
                        "reject b (job task b cannot run: param 'REPLICAS' must be a number, not 'three')"),
                row("an output outside an ENUM's options fails the task, naming the options",
                        "out ENV=qa; S: a=SUCCEEDED* b=PENDING(ENV:ENUM/dev/prod=dev)",
                        "reject b (job task b cannot run: param 'ENV' must be one of [dev, prod], not 'qa')"),
                row("an output that fits a typed param runs with it", "out ENV=prod REPLICAS=3; S: a=SUCCEEDED* b=PENDING(ENV:ENUM/dev/prod=dev,REPLICAS:NUMBER)",
                        "start b[ENV=prod,REPLICAS=3]"),
                row("a real run rejects a required param the earlier tasks left empty", "S: a=SUCCEEDED* b=PENDING(V!)",
                        "reject b (job task b cannot run: required param V has no value)"),
                row("in a dry run, a required param that earlier tasks could fill runs, with a note",
                        "dry; S: a=SUCCEEDED* b=PENDING(APP_VERSION!)", "start b[APP_VERSION=] (APP_VERSION from output of a)"),
                row("in a dry run, the note names every task of the stages before",
                        "dry; P: a=SUCCEEDED* b=SUCCEEDED* | S: c=PENDING(V!)", "start c[V=] (V from output of a or b)"),
                row("in a dry run, a required param of the first task, which nothing could fill, rejects it",
                        "dry; S: a=PENDING(HOST!)", "reject a (job task a cannot run: required param HOST has no value)"),
                row("in a dry run, a required runner param, which no output may fill, rejects the task as a real run would",
                        "dry; S: a=SUCCEEDED* | S: b=PENDING(_namespace!)",
                        "reject b (job task b cannot run: required param _namespace has no value)"),
                row("in a dry run, a parallel sibling's output cannot fill a param, so the task is rejected while the others start",
                        "dry; P: a=PENDING b=PENDING(V!)", "start a, reject b (job task b cannot run: required param V has no value)"),
                row("a rejected task is not dispatched again while its FAILED report comes back", "S: a=PENDING*(HOST!)",
                        "wait"));
    }

    private static Arguments row(String behaviour, String run, String decision) {
        return Arguments.of(behaviour, run, decision);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("behaviours")
    void decidesTheNextStep(String behaviour, String run, String expected) {
        assertThat(RunFixture.describe(NextRun.decide(RunFixture.run(run)))).as(behaviour).isEqualTo(expected);
    }

    @Test
    void theSameRunGivesTheSameDecision() {
        String run = "S: a=SUCCEEDED* | P: b=PENDING c=PENDING";
        assertThat(NextRun.decide(RunFixture.run(run))).isEqualTo(NextRun.decide(RunFixture.run(run)));
    }

    @Test
    void attemptIdsAreDerivedFromTheJobTask() {
        Decision decision = NextRun.decide(RunFixture.run("P: a=PENDING b=PENDING"));
        assertThat(((Decision.Start) decision).tasks()).extracting(TaskToRun::attemptId).containsExactly("a#1", "b#1");
    }

    @Test
    void aResultNotConfirmedNamesTheTaskAndWhoDeniedIt() {
        Decision decision = NextRun.decide(RunFixture.run("S: deploy=SUCCEEDED*[confirm:DENY]"));
        assertThat(((Decision.Conclude) decision).message())
                .isEqualTo("the result of job task deploy of stage stage1 was not confirmed: denied by carol: wrong build");
    }

    @Test
    void aStartIsCarriedOutByARunJobForEachStartedTaskAndAFailedReportForEachRejectedOneInPlanOrder() {
        PipelineRun run = RunFixture.run("P: a=PENDING(HOST!) b=PENDING(V=x) c=PENDING[audit:PENDING]");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Instant jobEnded = now.minusSeconds(1);

        List<Outgoing> out = NextRun.decide(run).announcements(run, now, jobEnded);

        assertThat(out).extracting(Outgoing::id).containsExactly("a#1:FAILED", "b#1", "c:turn");
        assertThat(out.get(0)).isEqualTo(new Outgoing.JobTaskRejected("a#1", "a", "pt-1", "enc:v1:token-a",
                "job task a cannot run: required param HOST has no value", now, jobEnded));
        assertThat(out.get(1)).isInstanceOfSatisfying(Outgoing.RunJob.class, runJob -> {
            assertThat(runJob.params()).containsExactly(new RunParam("V", "x", false, false, false));
            assertThat(runJob.sealedUpdateToken()).isEqualTo("enc:v1:token-b");
            assertThat(runJob.dryRunNote()).isNull();
            assertThat(runJob.causedAt()).isEqualTo(jobEnded);
        });
        assertThat(run.record(NextRun.decide(run)).progress().get("a").dispatched())
                .as("its rejection went out in its place").isTrue();
    }

    @Test
    void aCancelTellsEachTaskWhyAndAConclusionTellsThePipelineTaskButNotAJobRunOnItsOwn() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        PipelineRun canceled = RunFixture.run("cancel; S: a=ACTIVE*");
        assertThat(NextRun.decide(canceled).announcements(canceled, now, null)).containsExactly(new Outgoing.CancelJob(
                "a#1", "a", "pt-1", "enc:v1:token-a", "the pipeline run is being canceled", now, null));

        PipelineRun done = RunFixture.run("S: a=SUCCEEDED*");
        assertThat(NextRun.decide(done).announcements(done, now, null)).containsExactly(
                new Outgoing.RunConcluded("pt-1", TaskStatus.SUCCEEDED, "all stages succeeded", now, 0, null));
        PipelineRun alone = new PipelineRun("a", "job-a", false, Map.of(), done.stages(), done.progress(), Map.of(),
                Set.of(), false, null, true, 0);
        assertThat(NextRun.decide(alone).announcements(alone, now, null)).isEmpty();
    }

    @Test
    void aFailureMessageNamesTheTaskItsStageAndItsMessage() {
        Decision decision = NextRun.decide(RunFixture.run("S: a=SUCCEEDED* | P: build=FAILED*"));
        assertThat(((Decision.Conclude) decision).message()).isEqualTo("job task build of stage stage2 failed: exit code 1");
    }
}
