package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.NoticeText;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A WeCom (WeChat Work) group robot: markdown; delivered when the reply's {@code errcode} is 0. */
public class WeComRobot implements Channel {

    private final HttpCall http;
    private final JsonMapper json;

    public WeComRobot(HttpCall http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public DeliveryResult send(Delivery delivery, Subscription subscription, Subscriber subscriber, Duration timeout) {
        NoticeText text = NoticeText.of(delivery.notice());
        Map<String, Object> body = Map.of("msgtype", "markdown",
                "markdown", Map.of("content", "**" + text.title() + "**\n" + text.markdown()));
        String url = http.urlOf(subscription);
        return http.post(url, url, json.writeValueAsBytes(body), subscription.sealedHeaders(), Map.of(),
                timeout, reply -> RobotReply.judge(json, reply, "errcode", "errmsg", null));
    }
}
