package io.mflow.platform.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * How a webhook's url is shown (in responses, deliveries, logs): chat robots carry their access token in the url, in
 * the query (DingTalk's {@code access_token}, WeCom's {@code key}) or in the path (Slack's
 * {@code /services/T…/B…/<token>}, Feishu's {@code /hook/<uuid>}), so only what cannot be a credential is shown:
 * the scheme, host and port; path segments that are short lowercase words or an API version ({@code robot},
 * {@code open-apis}, {@code v2}); the names of query parameters. Every other segment, every query value and any
 * user info is {@value #MASK}.
 */
public final class ShownUrls {

    public static final String MASK = "******";
    private static final Pattern WORD = Pattern.compile("[a-z][a-z._-]{0,19}|v[0-9]{1,3}");

    private ShownUrls() {
    }

    public static String shown(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return MASK;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return MASK;
        }
        StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            shown.append(MASK).append('@');
        }
        shown.append(uri.getHost()); // an IPv6 address keeps its brackets
        if (uri.getPort() >= 0) {
            shown.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            shown.append('/').append(segments[i].isEmpty() || WORD.matcher(segments[i]).matches() ? segments[i] : MASK);
        }
        if (uri.getRawQuery() != null) {
            StringJoiner query = new StringJoiner("&", "?", "");
            for (String param : uri.getRawQuery().split("&")) {
                int equals = param.indexOf('=');
                String name = equals < 0 ? param : param.substring(0, equals);
                String shownName = WORD.matcher(name).matches() ? name : MASK;
                query.add(equals < 0 ? shownName : shownName + "=" + MASK);
            }
            shown.append(query);
        }
        return shown.toString();
    }
}
