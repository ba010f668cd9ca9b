package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.NoticeText;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.platform.webhooks.Hmacs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A DingTalk custom robot: an actionCard with a button to the task (markdown when no base url makes a link). With a
 * signing secret the url carries {@code timestamp} (milliseconds) and {@code sign}, the url-encoded base64
 * HMAC-SHA256 keyed with the secret over {@code "timestamp\nsecret"}. Delivered when the reply's {@code errcode} is 0.
 */
public class DingTalkRobot implements Channel {

    private final HttpCall http;
    private final JsonMapper json;
    private final Clock clock;

    public DingTalkRobot(HttpCall http, JsonMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public DeliveryResult send(Delivery delivery, Subscription subscription, Subscriber subscriber, Duration timeout) {
        NoticeText text = NoticeText.of(delivery.notice());
        String markdown = "### " + text.title() + "\n\n" + text.markdown().replace("\n", "\n\n");
        String link = delivery.notice().link();
        Map<String, Object> body = link == null
                ? Map.of("msgtype", "markdown", "markdown", Map.of("title", text.title(), "text", markdown))
                : Map.of("msgtype", "actionCard", "actionCard", Map.of("title", text.title(), "text", markdown,
                        "btnOrientation", "0", "singleTitle", "Details", "singleURL", link));
        String webhook = http.urlOf(subscription);
        String url = webhook;
        String secret = http.secretOf(subscription);
        if (secret != null) {
            String timestamp = Long.toString(clock.instant().toEpochMilli());
            String sign = Hmacs.sha256Base64(secret, timestamp + "\n" + secret);
            url = url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
                    + URLEncoder.encode(sign, StandardCharsets.UTF_8);
        }
        return http.post(webhook, url, json.writeValueAsBytes(body), subscription.sealedHeaders(), Map.of(), timeout,
                reply -> RobotReply.judge(json, reply, "errcode", "errmsg", null));
    }
}
