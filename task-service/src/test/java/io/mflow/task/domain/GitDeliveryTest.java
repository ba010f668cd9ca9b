package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GitDeliveryTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(String name) {
        try (InputStream in = GitDeliveryTest.class.getResourceAsStream("/triggers/" + name)) {
            return JsonMapper.builder().build().readValue(in, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGitlabPushBuildsTheCommitThePushPointsToNotTheLastOfItsCommits() {
        GitDelivery push = GitDelivery.gitlab("Push Hook", "uuid-1", body("gitlab-push.json"));

        assertThat(push.event()).isEqualTo(GitEvent.PUSH);
        assertThat(push.commit()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(push.branch()).isEqualTo("master");
        assertThat(push.ref()).isEqualTo("master");
        assertThat(push.repository()).isEqualTo("mike/diaspora");
        assertThat(push.user()).isEqualTo("jsmith");
        assertThat(push.triggeredBy()).isEqualTo("gitlab:jsmith");
        assertThat(push.sshUrl()).isEqualTo("git@example.com:mike/diaspora.git");
    }

    @Test
    void aGitlabTagPushMatchesOnItsTagAndHasNoBranch() {
        GitDelivery tag = GitDelivery.gitlab("Tag Push Hook", "uuid-2", body("gitlab-tag-push.json"));

        assertThat(tag.event()).isEqualTo(GitEvent.TAG);
        assertThat(tag.tag()).isEqualTo("v1.0.0");
        assertThat(tag.ref()).isEqualTo("v1.0.0");
        assertThat(tag.branch()).isNull();
        assertThat(tag.commit()).isEqualTo("82b3d5ae55f7080f1e6022629cdb57bfae7cccc7");
    }

    @Test
    void aGitlabMergeRequestMatchesOnItsTargetAndBuildsItsLastCommit() {
        GitDelivery mr = GitDelivery.gitlab("Merge Request Hook", "uuid-3", body("gitlab-merge-request.json"));

        assertThat(mr.event()).isEqualTo(GitEvent.MERGE_REQUEST);
        assertThat(mr.ref()).isEqualTo("master");
        assertThat(mr.sourceBranch()).isEqualTo("ms-viewport");
        assertThat(mr.targetBranch()).isEqualTo("master");
        assertThat(mr.mrAction()).isEqualTo("open");
        assertThat(mr.mrStatus()).isEqualTo("unchecked");
        assertThat(mr.commit()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(mr.user()).isEqualTo("root");
    }

    @Test
    void anUnknownEventIsNeverTakenForAPush() {
        GitDelivery note = GitDelivery.gitlab("Note Hook", "uuid-4", body("gitlab-push.json"));

        assertThat(note.event()).isNull();
        assertThat(note.buildable()).isFalse();
        assertThat(GitEvent.named("Issue Hook")).isEmpty();
        assertThat(GitEvent.named(null)).isEmpty();
        assertThat(GitEvent.named("ping")).isEmpty();
    }

    @Test
    void aDeletedBranchPointsToNoCommit() {
        Map<String, Object> body = new java.util.HashMap<>(body("gitlab-push.json"));
        body.put("after", "0000000000000000000000000000000000000000");
        body.remove("checkout_sha");

        assertThat(GitDelivery.gitlab("Push Hook", "uuid-5", body).commit()).isNull();
    }

    @Test
    void aGithubPushOfATagIsATagEvent() {
        Map<String, Object> body = new java.util.HashMap<>(body("github-push.json"));
        body.put("ref", "refs/tags/v2.1.0");

        GitDelivery tag = GitDelivery.github("push", "d-1", body);

        assertThat(tag.event()).isEqualTo(GitEvent.TAG);
        assertThat(tag.tag()).isEqualTo("v2.1.0");
    }

    @Test
    void aGithubPushReadsItsRepositoryAndSender() {
        GitDelivery push = GitDelivery.github("push", "d-2", body("github-push.json"));

        assertThat(push.repository()).isEqualTo("Codertocat/Hello-World");
        assertThat(push.branch()).isEqualTo("main");
        assertThat(push.commit()).isEqualTo("a10867b14bb761a232cd80139fbd4c0d33264240");
        assertThat(push.triggeredBy()).isEqualTo("github:Codertocat");
        assertThat(push.httpUrl()).isEqualTo("https://github.com/Codertocat/Hello-World.git");
    }

    @Test
    void aGenericPushMayNameItsBranchWithoutRefsHeads() {
        GitDelivery push = GitDelivery.generic("msg_1", Map.of("repository", "team/app", "event", "PUSH",
                "ref", "release/1.2", "commit", "abcdef0123456789", "user", "ci"));

        assertThat(push.ref()).isEqualTo("release/1.2");
        assertThat(push.branch()).isEqualTo("release/1.2");
        assertThat(push.triggeredBy()).isEqualTo("generic:ci");
    }
}
