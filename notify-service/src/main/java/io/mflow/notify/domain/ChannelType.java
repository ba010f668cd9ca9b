package io.mflow.notify.domain;

import java.net.URI;
import java.util.Locale;

/**
 * How a subscription is told: a chat robot's own message format, our generic JSON document, or an e-mail. A webhook
 * that names no type gets one from its url's host, as the reference chose its payload.
 */
public enum ChannelType {
    GENERIC,
    FEISHU,
    DINGTALK,
    WECOM,
    SLACK,
    EMAIL,
    /** GitLab's commit status API: a run started by a push tells the pushed commit how it goes. */
    GITLAB_STATUS,
    /** GitHub's commit statuses API, the same for GitHub. */
    GITHUB_STATUS;

    /**
     * Tells a git provider the state of the commit a run builds: only a pipeline task's own changes mean anything to
     * it, and only its latest state counts.
     */
    public boolean isCommitStatus() {
        return this == GITLAB_STATUS || this == GITHUB_STATUS;
    }

    /** The type a webhook asked for, or the one its url's host implies; unknown names are null. */
    public static ChannelType ofWebhook(String declared, String url) {
        if (declared != null && !declared.isBlank()) {
            try {
                ChannelType type = valueOf(declared.trim().toUpperCase(Locale.ROOT));
                return type == EMAIL ? null : type;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String host = hostOf(url);
        if (host.equals("open.feishu.cn") || host.equals("open.larksuite.com")) {
            return FEISHU;
        }
        if (host.equals("oapi.dingtalk.com")) {
            return DINGTALK;
        }
        if (host.equals("qyapi.weixin.qq.com")) {
            return WECOM;
        }
        if (host.equals("hooks.slack.com")) {
            return SLACK;
        }
        return GENERIC;
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
