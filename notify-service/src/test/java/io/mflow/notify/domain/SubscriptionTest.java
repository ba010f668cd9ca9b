package io.mflow.notify.domain;

import static io.mflow.notify.domain.Fixtures.subscribedTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionTest {

    @Test
    void eventsMatchWhateverTheirCaseAndNoEventsMeansEverything() {
        assertThat(subscribedTo("succeeded").matches("SUCCEEDED")).isTrue();
        assertThat(subscribedTo(" canceled ").matches("CANCELED")).isTrue();
        assertThat(subscribedTo("audit_waiting").matches(Notice.AUDIT_WAITING)).isTrue();
        assertThat(subscribedTo().matches("ACTIVE")).isTrue();
        assertThat(subscribedTo("succeeded", "failed").matches("ACTIVE")).isFalse();
    }

    @Test
    void theTargetIsTheShownUrlBecauseRobotsKeepTheirTokenInTheirUrl() {
        assertThat(subscribedTo().target()).isEqualTo("https://hooks.example.com/a?access_token=******");
        assertThat(Subscription.mention("alice", List.of()).target()).isEqualTo("mail to alice");
    }

    @Test
    void twoRobotsThatDifferOnlyInTheirTokenAreTwoEndpointsAndNeitherIdShowsTheToken() {
        String one = Subscription.endpointIdOf("https://oapi.dingtalk.com/robot/send?access_token=aaa");
        String two = Subscription.endpointIdOf("https://oapi.dingtalk.com/robot/send?access_token=bbb");
        assertThat(one).isNotEqualTo(two).startsWith("ep-").doesNotContain("aaa");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", textBlock = """
            none,     https://open.feishu.cn/open-apis/bot/v2/hook/x,      FEISHU
            none,     https://open.larksuite.com/open-apis/bot/v2/hook/x,  FEISHU
            none,     https://oapi.dingtalk.com/robot/send?access_token=x, DINGTALK
            none,     https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x, WECOM
            none,     https://hooks.slack.com/services/T/B/x,              SLACK
            none,     https://ci.example.com/hooks/mflow,                  GENERIC
            slack,    https://chat-proxy.example.com/slack,                SLACK
            GENERIC,  https://open.feishu.cn/open-apis/bot/v2/hook/x,      GENERIC
            TELEGRAM, https://api.telegram.org/bot,                        none
            EMAIL,    https://ci.example.com/hooks/mflow,                  none
            """)
    void aWebhooksTypeIsTheOneItNamesOrTheOneItsHostImplies(String declared, String url, ChannelType expected) {
        assertThat(ChannelType.ofWebhook(declared, url)).isEqualTo(expected);
    }
}
