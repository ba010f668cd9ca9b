package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Actor CREATOR = new Actor("carol");
    private static final Actor AUDITOR = new Actor("alice");
    private static final Actor OPERATOR = new Actor("oscar");
    private static final Actor STRANGER = new Actor("mallory");

    private static Approval.Draft draft(List<String> auditors) {
        return new Approval.Draft("release 1.2", "*notes*", "web", auditors, List.of("oscar"), "pl-1", "deploy",
                List.of(new ParamValue("VERSION", "1.2")), false, Map.of(), List.of(), Map.of());
    }

    private static Approval moved(Change<Approval, Approval.Changed> change) {
        assertThat(change).as(change.toString()).isInstanceOf(Change.Moved.class);
        return ((Change.Moved<Approval, Approval.Changed>) change).next();
    }

    private static Approval.Changed eventOf(Change<Approval, Approval.Changed> change) {
        return ((Change.Moved<Approval, Approval.Changed>) change).events().get(0);
    }

    private static Approval drafted() {
        return moved(Approval.draft("apv-1", draft(List.of("alice", "carol")), CREATOR, NOW));
    }

    private static Approval submitted() {
        return moved(drafted().submit(CREATOR, NOW));
    }

    private static Approval passed() {
        return moved(submitted().pass(AUDITOR, "ok", NOW));
    }

    private static Approval denied() {
        return moved(submitted().deny(AUDITOR, "not on a Friday", NOW));
    }

    private static Approval running() {
        return moved(passed().run(OPERATOR, "pt-apv-1", NOW));
    }

    private static void refusedWith(Change<Approval, Approval.Changed> change, String code, String words) {
        assertThat(change).isInstanceOf(Change.Refused.class);
        Change.Refused<Approval, Approval.Changed> refused = (Change.Refused<Approval, Approval.Changed>) change;
        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused.reason()).contains(words);
    }

    @Test
    void aNewApprovalIsADraftOfItsCreatorAnnouncedOnce() {
        Change<Approval, Approval.Changed> change = Approval.draft("apv-1", draft(List.of("alice")), CREATOR, NOW);
        Approval approval = moved(change);
        assertThat(approval.stage()).isEqualTo(Approval.Stage.DRAFT);
        assertThat(approval.createdBy()).isEqualTo("carol");
        assertThat(eventOf(change).previousStage()).isNull();
        assertThat(approval.history()).singleElement().satisfies(step -> assertThat(step.by()).isEqualTo("carol"));
    }

    @Test
    void anApprovalWithoutTitleAuditorsOperatorsOrPipelineIsRefusedAsInvalid() {
        refusedWith(Approval.draft("apv-1", draft(List.of()), CREATOR, NOW), Approval.INVALID, "auditors");
        Approval.Draft noTitle = new Approval.Draft(" ", null, "web", List.of("alice"), List.of("oscar"), "pl-1",
                null, List.of(), false, Map.of(), List.of(), Map.of());
        refusedWith(Approval.draft("apv-1", noTitle, CREATOR, NOW), Approval.INVALID, "title");
        Approval.Draft noOperators = new Approval.Draft("t", null, "web", List.of("alice"), List.of(), "pl-1",
                null, List.of(), false, Map.of(), List.of(), Map.of());
        refusedWith(Approval.draft("apv-1", noOperators, CREATOR, NOW), Approval.INVALID, "operators");
    }

    @Test
    void onlyItsCreatorSubmitsItAndSubmittingTwiceChangesNothing() {
        refusedWith(drafted().submit(AUDITOR, NOW), JobTask.FORBIDDEN, "only its creator");
        Approval submitted = submitted();
        assertThat(submitted.stage()).isEqualTo(Approval.Stage.SUBMITTED);
        assertThat(submitted.submit(CREATOR, NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void itsCreatorNeverDecidesItEvenListedAsAuditor() {
        refusedWith(submitted().pass(CREATOR, "mine", NOW), JobTask.FORBIDDEN, "four eyes");
        refusedWith(submitted().deny(CREATOR, "mine", NOW), JobTask.FORBIDDEN, "four eyes");
    }

    @Test
    void onlyAListedAuditorDecides() {
        refusedWith(submitted().pass(STRANGER, null, NOW), JobTask.FORBIDDEN, "not an auditor");
        refusedWith(submitted().pass(OPERATOR, null, NOW), JobTask.FORBIDDEN, "not an auditor");
    }

    @Test
    void anAuditorPassesItOnceAndASecondPassChangesNothing() {
        Change<Approval, Approval.Changed> change = submitted().pass(AUDITOR, "ship it", NOW);
        Approval passed = moved(change);
        assertThat(passed.stage()).isEqualTo(Approval.Stage.PASSED);
        assertThat(eventOf(change).by()).isEqualTo("alice");
        assertThat(eventOf(change).comment()).isEqualTo("ship it");
        assertThat(passed.pass(AUDITOR, "again", NOW)).isInstanceOf(Change.Unchanged.class);
        assertThat(running().pass(AUDITOR, "again", NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aDenialNeedsACommentAndKeepsIt() {
        refusedWith(submitted().deny(AUDITOR, " ", NOW), Approval.INVALID, "comment");
        Approval denied = denied();
        assertThat(denied.stage()).isEqualTo(Approval.Stage.DENIED);
        assertThat(denied.history().get(denied.history().size() - 1).comment()).isEqualTo("not on a Friday");
    }

    @Test
    void aDecidedApprovalIsNotDecidedAgainTheOtherWay() {
        refusedWith(passed().deny(AUDITOR, "changed my mind", NOW), null, "PASSED");
        refusedWith(denied().pass(AUDITOR, null, NOW), null, "DENIED");
        refusedWith(drafted().pass(AUDITOR, null, NOW), null, "DRAFT");
    }

    @Test
    void onlyAnOperatorRunsAPassedApprovalAndItsRunIsNotedOnce() {
        refusedWith(passed().run(AUDITOR, "pt-apv-1", NOW), JobTask.FORBIDDEN, "not an operator");
        refusedWith(submitted().run(OPERATOR, "pt-apv-1", NOW), null, "SUBMITTED");
        Approval running = running();
        assertThat(running.stage()).isEqualTo(Approval.Stage.RUNNING);
        assertThat(running.pipelineTaskId()).isEqualTo("pt-apv-1");
        assertThat(running.run(OPERATOR, "pt-apv-1", NOW)).isInstanceOf(Change.Unchanged.class);
        assertThat(running.noteRun("pt-apv-1", "alice", NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aPassedApprovalWithAutoRunAwaitsItsRunUntilNoted() {
        Approval.Draft auto = new Approval.Draft("t", null, "web", List.of("alice"), List.of("oscar"), "pl-1",
                null, List.of(), true, Map.of(), List.of(), Map.of());
        Approval passed = moved(moved(moved(Approval.draft("apv-2", auto, CREATOR, NOW)).submit(CREATOR, NOW))
                .pass(AUDITOR, null, NOW));
        assertThat(passed.awaitsItsRun()).isTrue();
        assertThat(moved(passed.noteRun(Approval.runId("apv-2"), "alice", NOW)).awaitsItsRun()).isFalse();
        assertThat(Approval.runId("apv-2")).isEqualTo("pt-apv-2");
    }

    @Test
    void anOperatorOrAuditorClosesARunningApprovalWithAComment() {
        refusedWith(running().close(OPERATOR, null, NOW), Approval.INVALID, "comment");
        refusedWith(running().close(STRANGER, "done", NOW), JobTask.FORBIDDEN, "may not close");
        assertThat(moved(running().close(AUDITOR, "verified", NOW)).stage()).isEqualTo(Approval.Stage.CLOSED);
        Approval closed = moved(running().close(OPERATOR, "verified", NOW));
        assertThat(closed.close(OPERATOR, "again", NOW)).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void closingIsRefusedBeforeItsRunOrDenial() {
        refusedWith(passed().close(OPERATOR, "done", NOW), null, "PASSED");
        refusedWith(submitted().close(OPERATOR, "done", NOW), null, "SUBMITTED");
    }

    @Test
    void itsCreatorWithdrawsADeniedApprovalOrEditsItBackToDraft() {
        assertThat(moved(denied().close(CREATOR, "withdrawn", NOW)).stage()).isEqualTo(Approval.Stage.CLOSED);
        Approval edited = moved(denied().edit(draft(List.of("alice")), CREATOR, NOW));
        assertThat(edited.stage()).isEqualTo(Approval.Stage.DRAFT);
        assertThat(edited.auditors()).containsExactly("alice");
        refusedWith(denied().edit(draft(List.of("alice")), AUDITOR, NOW), JobTask.FORBIDDEN, "only its creator");
    }

    @Test
    void aSubmittedOrPassedApprovalCannotBeEdited() {
        refusedWith(submitted().edit(draft(List.of("alice")), CREATOR, NOW), null, "SUBMITTED");
        refusedWith(passed().edit(draft(List.of("alice")), CREATOR, NOW), null, "PASSED");
    }

    @Test
    void onlyADraftOrClosedApprovalIsDeletedAndOnlyByItsCreator() {
        assertThat(drafted().deletion(CREATOR)).isNull();
        assertThat(moved(running().close(OPERATOR, "v", NOW)).deletion(CREATOR)).isNull();
        assertThat(drafted().deletion(AUDITOR)).contains("only its creator");
        assertThat(passed().deletion(CREATOR)).contains("PASSED");
    }

    @Test
    void everyChangeIsInTheHistoryWithWhoWhenFromToAndCommentAndHasItsOwnEventId() {
        Approval closed = moved(running().close(AUDITOR, "verified", NOW));
        assertThat(closed.history()).extracting(Approval.Step::to).containsExactly(Approval.Stage.DRAFT,
                Approval.Stage.SUBMITTED, Approval.Stage.PASSED, Approval.Stage.RUNNING, Approval.Stage.CLOSED);
        assertThat(closed.history()).extracting(Approval.Step::by).containsExactly("carol", "carol", "alice",
                "oscar", "alice");
        assertThat(closed.history().get(4).from()).isEqualTo(Approval.Stage.RUNNING);
        assertThat(closed.history().get(4).comment()).isEqualTo("verified");
        assertThat(eventOf(running().close(AUDITOR, "v", NOW)).eventId()).isEqualTo("apv-1-5");
    }
}
