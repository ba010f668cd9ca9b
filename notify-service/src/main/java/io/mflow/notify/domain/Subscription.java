package io.mflow.notify.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One way one receiver wants to hear of changes, as the run's plan gave it: a webhook ({@code url}, with its
 * {@code channel} type, sealed headers and signing secret) or a mention of a {@code user} (told by e-mail). Sealed
 * values stay sealed here; only the channel that sends opens them. It is never rewritten after a send (the reference
 * overwrote it with the matched subset).
 *
 * @param key    stable within its subscriber: part of every delivery id, so a redelivered event finds its deliveries
 * @param events what it wants to hear of (stage names, {@code AUDIT_WAITING}, {@code CONFIRM_WAITING}),
 *               case-insensitive; empty means everything
 */
public record Subscription(String key, ChannelType channel, String url, String user, List<String> events,
                           Map<String, String> sealedHeaders, String sealedSecret) {

    public Subscription {
        events = events == null ? List.of() : List.copyOf(events);
        sealedHeaders = sealedHeaders == null ? Map.of() : Map.copyOf(sealedHeaders);
    }

    public static Subscription webhook(int index, ChannelType channel, String url, List<String> events,
                                       Map<String, String> sealedHeaders, String sealedSecret) {
        return new Subscription("webhook-" + index, channel, url, null, events, sealedHeaders, sealedSecret);
    }

    public static Subscription mention(String user, List<String> events) {
        return new Subscription("mention-" + user, ChannelType.EMAIL, null, user, events, Map.of(), null);
    }

    /** A person who must decide at a gate is told whether they subscribed or not. */
    public static Subscription decider(String user, String event) {
        return new Subscription(event.toLowerCase(Locale.ROOT) + "-" + user, ChannelType.EMAIL, null, user,
                List.of(event), Map.of(), null);
    }

    public boolean matches(String event) {
        return events.isEmpty() || events.stream().anyMatch(wanted -> wanted.trim().equalsIgnoreCase(event));
    }

    public boolean isMention() {
        return channel == ChannelType.EMAIL;
    }

    /**
     * What it is safe to show and log: a webhook's url without its query string (chat robots carry their access
     * token there), or the mentioned user.
     */
    public String target() {
        if (isMention()) {
            return "mail to " + user;
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /**
     * The endpoint its deliveries count against: the whole url (two robots of one platform differ only in their
     * token), or the user's mailbox; hashed, so the id shows no token.
     */
    public String endpointId() {
        return "ep-" + sha256(isMention() ? "mailto:" + user : url).substring(0, 16);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
