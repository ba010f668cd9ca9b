package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.domain.ApprovalCard;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.NoticeText;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Slack incoming webhook: a header block and a section in Slack's mrkdwn ({@code *bold*}), with the title as the
 * fallback text (a release approval's message, with its buttons while it waits, is {@link ApprovalCard}'s). Slack
 * answers a good message with the plain text {@code ok}; anything else is a failure with Slack's reason (such as
 * {@code invalid_payload}) as its message.
 */
public class SlackRobot implements Channel {

    private final HttpCall http;
    private final JsonMapper json;

    public SlackRobot(HttpCall http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public DeliveryResult send(Delivery delivery, Subscription subscription, Subscriber subscriber, Duration timeout) {
        Map<String, Object> body;
        if (delivery.notice().isApproval()) {
            body = ApprovalCard.of(delivery.notice()).slackMessage();
        } else {
            NoticeText text = NoticeText.of(delivery.notice());
            body = Map.of("text", text.title(), "blocks", List.of(
                    Map.of("type", "header", "text", Map.of("type", "plain_text", "text", text.title())),
                    Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                            "text", text.markdown().replace("**", "*")))));
        }
        String url = http.urlOf(subscription);
        return http.post(url, url, json.writeValueAsBytes(body), subscription.sealedHeaders(), Map.of(),
                timeout, reply -> {
                    String said = reply.body() == null ? "" : reply.body().strip();
                    boolean ok = reply.status() >= 200 && reply.status() < 300 && said.equals("ok");
                    return DeliveryResult.platformAnswered(reply.status(), reply.body(), ok ? "ok" : said,
                            ok ? null : said, ok, reply.millis());
                });
    }
}
