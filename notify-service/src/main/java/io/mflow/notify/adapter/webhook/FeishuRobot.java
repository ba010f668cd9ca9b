package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.domain.ApprovalCard;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.Notice;
import io.mflow.notify.domain.NoticeText;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.platform.webhooks.Hmacs;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Feishu (Lark) custom robot: an interactive card whose header colour follows the stage (a release approval's card,
 * with its buttons while it waits, is {@link ApprovalCard}'s). With a signing secret the body carries
 * {@code timestamp} (seconds) and {@code sign}, the base64 HMAC-SHA256 keyed with {@code "timestamp\nsecret"} over
 * nothing, as Feishu checks it. Delivered when the reply's {@code code} (or the older {@code StatusCode}) is 0.
 */
public class FeishuRobot implements Channel {

    private final HttpCall http;
    private final JsonMapper json;
    private final Clock clock;

    public FeishuRobot(HttpCall http, JsonMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public DeliveryResult send(Delivery delivery, Subscription subscription, Subscriber subscriber, Duration timeout) {
        Map<String, Object> card = delivery.notice().isApproval() ? ApprovalCard.of(delivery.notice()).feishuCard()
                : taskCard(delivery.notice());
        Map<String, Object> body = new LinkedHashMap<>();
        String secret = http.secretOf(subscription);
        if (secret != null) {
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            body.put("timestamp", timestamp);
            body.put("sign", Hmacs.sha256Base64(timestamp + "\n" + secret, ""));
        }
        body.put("msg_type", "interactive");
        body.put("card", card);
        String url = http.urlOf(subscription);
        return http.post(url, url, json.writeValueAsBytes(body), subscription.sealedHeaders(), Map.of(),
                timeout, reply -> RobotReply.judge(json, reply, "code", "msg", "StatusCode"));
    }

    private static Map<String, Object> taskCard(Notice notice) {
        NoticeText text = NoticeText.of(notice);
        return Map.of(
                "config", Map.of("wide_screen_mode", true, "enable_forward", true),
                "header", Map.of("title", Map.of("tag", "plain_text", "content", text.title()),
                        "template", colourOf(notice.stage())),
                "elements", List.of(
                        Map.of("tag", "div", "text", Map.of("tag", "lark_md", "content", text.markdown())),
                        Map.of("tag", "hr"),
                        Map.of("tag", "note", "elements", List.of(Map.of("tag", "plain_text",
                                "content", "Sent by mflow")))));
    }

    static String colourOf(String stage) {
        if (stage == null) {
            return "orange"; // someone must decide
        }
        return switch (stage) {
            case "FAILED" -> "red";
            case "SUCCEEDED" -> "green";
            case "CANCELED", "SKIPPED" -> "grey";
            default -> "purple";
        };
    }
}
