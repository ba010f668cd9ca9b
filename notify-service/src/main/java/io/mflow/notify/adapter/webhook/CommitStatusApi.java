package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.CommitStatus;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A git provider's commit status API, at the url the git trigger gave (it names the project and the commit): GitLab's
 * {@code POST /projects/:id/statuses/:sha} with its {@code PRIVATE-TOKEN} header, GitHub's
 * {@code POST /repos/:owner/:repo/statuses/:sha} with {@code Authorization: Bearer}. The token comes sealed among
 * the webhook's headers and is opened only into the request. Both answer 201; a 4xx (a token without the right, a
 * commit that is gone) is not tried again.
 */
public class CommitStatusApi implements Channel {

    private static final Map<String, String> GITHUB_HEADERS = Map.of(
            "Accept", "application/vnd.github+json",
            "X-GitHub-Api-Version", "2022-11-28");

    private final ChannelType provider;
    private final HttpCall http;
    private final JsonMapper json;

    public CommitStatusApi(ChannelType provider, HttpCall http, JsonMapper json) {
        if (!provider.isCommitStatus()) {
            throw new IllegalArgumentException(provider + " is no commit status API");
        }
        this.provider = provider;
        this.http = http;
        this.json = json;
    }

    @Override
    public DeliveryResult send(Delivery delivery, Subscription subscription, Subscriber subscriber, Duration timeout) {
        CommitStatus status = CommitStatus.of(delivery.notice());
        boolean github = provider == ChannelType.GITHUB_STATUS;
        Map<String, String> body = github ? status.githubBody() : status.gitlabBody();
        String url = http.urlOf(subscription);
        return http.post(url, url, json.writeValueAsBytes(body), subscription.sealedHeaders(),
                github ? GITHUB_HEADERS : Map.of(), timeout,
                reply -> DeliveryResult.answered(reply.status(), reply.body(), reply.millis()));
    }
}
