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
 * <p>
 * A webhook's {@code url} is sealed too (a chat robot's url holds its access token; plans from before it was sealed
 * carry it plain); what may be shown of it ({@code shownUrl}) and the endpoint it counts against ({@code endpointId})
 * are worked out where it is opened, by the adapter that reads the plan.
 *
 * @param key    stable within its subscriber: part of every delivery id, so a redelivered event finds its deliveries
 * @param events what it wants to hear of (stage names, {@code AUDIT_WAITING}, {@code CONFIRM_WAITING}),
 *               case-insensitive; empty means everything
 */
public record Subscription(String key, ChannelType channel, String url, String shownUrl, String endpointId,
                           String user, List<String> events, Map<String, String> sealedHeaders, String sealedSecret) {

    public Subscription {
        events = events == null ? List.of() : List.copyOf(events);
        sealedHeaders = sealedHeaders == null ? Map.of() : Map.copyOf(sealedHeaders);
    }

    /**
     * @param url        sealed
     * @param shownUrl   what may be shown of it: its token masked
     * @param endpointId {@link #endpointIdOf(String)} its plain url
     */
    public static Subscription webhook(int index, ChannelType channel, String url, String shownUrl, String endpointId,
                                       List<String> events, Map<String, String> sealedHeaders, String sealedSecret) {
        return new Subscription("webhook-" + index, channel, url, shownUrl, endpointId, null, events, sealedHeaders,
                sealedSecret);
    }

    public static Subscription mention(String user, List<String> events) {
        return new Subscription("mention-" + user, ChannelType.EMAIL, null, null, mailboxOf(user), user, events,
                Map.of(), null);
    }

    /** A person who must decide at a gate is told whether they subscribed or not. */
    public static Subscription decider(String user, String event) {
        return new Subscription(event.toLowerCase(Locale.ROOT) + "-" + user, ChannelType.EMAIL, null, null,
                mailboxOf(user), user,
                List.of(event), Map.of(), null);
    }

    public boolean matches(String event) {
        return events.isEmpty() || events.stream().anyMatch(wanted -> wanted.trim().equalsIgnoreCase(event));
    }

    public boolean isMention() {
        return channel == ChannelType.EMAIL;
    }

    /** What it is safe to show and log: a webhook's shown url (its token masked), or the mentioned user. */
    public String target() {
        return isMention() ? "mail to " + user : shownUrl;
    }

    /**
     * The endpoint a webhook's deliveries count against: its whole plain url (two robots of one platform differ only
     * in their token), hashed, so the id shows no token.
     */
    public static String endpointIdOf(String plainUrl) {
        return "ep-" + sha256(plainUrl).substring(0, 16);
    }

    private static String mailboxOf(String user) {
        return endpointIdOf("mailto:" + user);
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
