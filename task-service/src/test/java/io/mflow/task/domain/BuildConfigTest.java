package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuildConfigTest {

    private static final LocalDate DAY = LocalDate.of(2023, 2, 3);

    static BuildConfig config(BuildCondition condition, BuildConfig.VersionRule rule, String prefix) {
        return new BuildConfig("bc-1", "app", null, null, true, "pl-1", "mike/diaspora", condition,
                List.of(new BuildConfig.CustomParam("DEPLOY_ENV", "staging", false),
                        new BuildConfig.CustomParam("GIT_COMMIT_ID", "not-the-commit", false)),
                rule, prefix, false, Map.of(), "sealed", null, null, null, null, null);
    }

    private static BuildCondition on(List<GitEvent> events, RefPattern... refs) {
        return new BuildCondition(events, List.of(refs));
    }

    private static GitDelivery push() {
        return GitDelivery.gitlab("Push Hook", "u", GitDeliveryTest.body("gitlab-push.json"));
    }

    private static GitDelivery pushTo(String branch) {
        return GitDelivery.generic("u", Map.of("repository", "mike/diaspora", "event", "PUSH", "ref", branch,
                "commit", "20658a8f0000"));
    }

    @Test
    void withoutEventsAndRefsEveryKnownEventMatches() {
        BuildConfig any = config(BuildCondition.ALWAYS, null, null);

        assertThat(any.takes(push())).isTrue();
        assertThat(any.takes(GitDelivery.gitlab("Note Hook", "u", GitDeliveryTest.body("gitlab-push.json"))))
                .isFalse();
    }

    @Test
    void aConfigTakesOnlyItsEvents() {
        BuildConfig tagsOnly = config(on(List.of(GitEvent.TAG)), null, null);

        assertThat(tagsOnly.takes(push())).isFalse();
        assertThat(tagsOnly.takes(GitDelivery.gitlab("Tag Push Hook", "u",
                GitDeliveryTest.body("gitlab-tag-push.json")))).isTrue();
    }

    @Test
    void aGlobIsTheConfiguredPatternAndTheBranchTheValue() {
        BuildConfig releases = config(on(List.of(), new RefPattern("release/*", RefPattern.Match.GLOB)), null, null);

        assertThat(releases.takes(pushTo("release/1.2"))).isTrue();
        assertThat(releases.takes(pushTo("release/1.2/hotfix"))).isFalse();
        assertThat(releases.takes(pushTo("master"))).isFalse();
        assertThat(new RefPattern("feature/**", RefPattern.Match.GLOB).matches("feature/a/b")).isTrue();
        assertThat(new RefPattern("v?.x", RefPattern.Match.GLOB).matches("v1.x")).isTrue();
        // a branch that looks like a pattern matches nothing it should not
        assertThat(new RefPattern("release/1.2", RefPattern.Match.GLOB).matches("release/*")).isFalse();
    }

    @Test
    void aRegexMatchesTheWholeRef() {
        RefPattern regex = new RefPattern("release/\\d+\\.\\d+", RefPattern.Match.REGEX);

        assertThat(regex.matches("release/1.2")).isTrue();
        assertThat(regex.matches("release/1.2-rc")).isFalse();
        assertThat(new RefPattern("release/[", RefPattern.Match.REGEX).problem()).contains("regular expression");
    }

    @Test
    void exactIsTheSameText() {
        RefPattern exact = new RefPattern("master", RefPattern.Match.EXACT);

        assertThat(exact.matches("master")).isTrue();
        assertThat(exact.matches("master2")).isFalse();
        assertThat(exact.matches(null)).isFalse();
    }

    @Test
    void aDisabledConfigTakesNothing() {
        BuildConfig on = config(BuildCondition.ALWAYS, null, null);
        BuildConfig off = new BuildConfig(on.id(), on.name(), null, null, false, on.pipelineId(), on.repository(),
                on.condition(), List.of(), null, null, false, Map.of(), null, null, null, null, null, null);

        assertThat(off.takes(push())).isFalse();
    }

    @Test
    void aPushRunsWithTheEventsParamsWhichWinOverACustomParamOfTheSameName() {
        Map<String, String> params = params(config(BuildCondition.ALWAYS, null, null), push());

        assertThat(params).containsEntry("GIT_BRANCH", "master")
                .containsEntry("GIT_COMMIT_ID", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
                .containsEntry("GIT_PROJECT_NAME", "Diaspora")
                .containsEntry("GIT_SSH_URL", "git@example.com:mike/diaspora.git")
                .containsEntry("GIT_HTTP_URL", "http://example.com/mike/diaspora.git")
                .containsEntry("GIT_AUTHOR", "jsmith")
                .containsEntry("EVENT_PROVIDER", "GITLAB")
                .containsEntry("EVENT_NAME", "PUSH")
                .containsEntry("EVENT_ID", "tr-1")
                .containsEntry("DEPLOY_ENV", "staging")
                .containsEntry("APP_VERSION", "v20230203-master-da156088")
                .doesNotContainKeys("GIT_TAG", "GIT_MR_ACTION");
    }

    @Test
    void aMergeRequestRunsWithItsBranchesActionAndStatus() {
        GitDelivery mr = GitDelivery.gitlab("Merge Request Hook", "u",
                GitDeliveryTest.body("gitlab-merge-request.json"));

        Map<String, String> params = params(config(BuildCondition.ALWAYS, null, "v"), mr);

        assertThat(params).containsEntry("GIT_MR_ACTION", "open").containsEntry("GIT_MR_STATUS", "unchecked")
                .containsEntry("GIT_MR_SOURCE_BRANCH", "ms-viewport").containsEntry("GIT_MR_TARGET_BRANCH", "master")
                .containsEntry("GIT_BRANCH", "ms-viewport")
                .containsEntry("APP_VERSION", "v20230203-ms-viewport-da156088");
    }

    @Test
    void aTagPushIsVersionedByItsTagUnderGitTagWithoutDoublingThePrefix() {
        GitDelivery tag = GitDelivery.gitlab("Tag Push Hook", "u", GitDeliveryTest.body("gitlab-tag-push.json"));

        assertThat(config(BuildCondition.ALWAYS, BuildConfig.VersionRule.GIT_TAG, "v").appVersion(tag, DAY))
                .isEqualTo("v1.0.0");
        assertThat(config(BuildCondition.ALWAYS, BuildConfig.VersionRule.GIT_TAG, "release-").appVersion(tag, DAY))
                .isEqualTo("release-v1.0.0");
        assertThat(params(config(BuildCondition.ALWAYS, null, null), tag)).containsEntry("GIT_TAG", "v1.0.0")
                .doesNotContainKey("GIT_BRANCH");
    }

    @Test
    void aBranchWithASlashGivesAVersionAnImageTagCanHold() {
        assertThat(config(BuildCondition.ALWAYS, null, "v").appVersion(pushTo("feature/login"), DAY))
                .isEqualTo("v20230203-feature-login-20658a8f");
    }

    @Test
    void invalidPatternsAreRefusedByTheirField() {
        BuildConfig broken = config(on(List.of(), new RefPattern("(", RefPattern.Match.REGEX)), null, null);

        assertThat(broken.problems()).anySatisfy(problem -> assertThat(problem).startsWith("condition.refs[0]"));
    }

    @Test
    void aRunIsLabelledWithItsConfigurationAndEvent() {
        assertThat(config(BuildCondition.ALWAYS, null, null).runLabels("tr-9"))
                .containsEntry(BuildConfig.CONFIG_LABEL, "bc-1").containsEntry(BuildConfig.EVENT_LABEL, "tr-9");
    }

    @Test
    void commitStatusesGoToTheProvidersStatusApi() {
        BuildConfig base = config(BuildCondition.ALWAYS, null, null);
        BuildConfig withToken = new BuildConfig(base.id(), base.name(), null, null, true, base.pipelineId(),
                base.repository(), base.condition(), List.of(), null, null, false, Map.of(), null, "sealed-token",
                "https://gitlab.example.com/api/v4/", null, null, null);

        BuildConfig.CommitStatus gitlab = withToken.commitStatusFor(push()).orElseThrow();

        assertThat(gitlab.type()).isEqualTo("GITLAB_STATUS");
        assertThat(gitlab.url()).isEqualTo("https://gitlab.example.com/api/v4/projects/mike%2Fdiaspora/statuses/"
                + "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(gitlab.header()).isEqualTo("PRIVATE-TOKEN");
        assertThat(base.commitStatusFor(push())).isEmpty();
    }

    private static Map<String, String> params(BuildConfig config, GitDelivery delivery) {
        return config.runParams(delivery, config.customParams(), "tr-1", DAY).stream()
                .collect(Collectors.toMap(ParamValue::name, ParamValue::value, (first, last) -> last));
    }
}
