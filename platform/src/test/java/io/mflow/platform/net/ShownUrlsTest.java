package io.mflow.platform.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShownUrlsTest {

    @Test
    void aChatRobotsTokenIsMaskedWhereverItsPlatformPutsIt() {
        assertThat(ShownUrls.shown("https://oapi.dingtalk.com/robot/send?access_token=0f9a7c41d2e8b3"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=******");
        assertThat(ShownUrls.shown("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693axxx6-7aoc-4bc4"))
                .isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=******");
        assertThat(ShownUrls.shown("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"))
                .isEqualTo("https://hooks.slack.com/services/******/******/******");
        assertThat(ShownUrls.shown("https://open.feishu.cn/open-apis/bot/v2/hook/2c4e6d80-0f1b-4a3c-9d5e-7f8a9b0c1d2e"))
                .isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/******");
    }

    @Test
    void aLongLowercaseSegmentUserInfoAndUnreadableUrlsAreMaskedToo() {
        assertThat(ShownUrls.shown("https://example.com/hooks/abcdefghijklmnopqrstuvwxyzabcdef"))
                .isEqualTo("https://example.com/hooks/******");
        assertThat(ShownUrls.shown("https://ci:hunter2@example.com/hook")).isEqualTo("https://******@example.com/hook");
        assertThat(ShownUrls.shown("not a url at all")).isEqualTo("******");
        assertThat(ShownUrls.shown("https://example.com/hook#secret")).isEqualTo("https://example.com/hook");
    }

    @Test
    void aPlainWebhookShowsAsItIs() {
        assertThat(ShownUrls.shown("http://127.0.0.1:8099/hooks/mflow")).isEqualTo("http://127.0.0.1:8099/hooks/mflow");
        assertThat(ShownUrls.shown("https://hooks.example.com/a")).isEqualTo("https://hooks.example.com/a");
        assertThat(ShownUrls.shown("http://[::1]:8099/hook")).isEqualTo("http://[::1]:8099/hook");
    }
}
