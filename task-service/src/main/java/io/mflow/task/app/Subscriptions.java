package io.mflow.task.app;

import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.Status;
import io.mflow.task.domain.User;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The webhooks and mentions of a pipeline or of its tasks, checked and sealed as they are defined, and the contacts a
 * run hands notify-service. A url the operator does not allow, a type or event no channel knows, a secret that is
 * not one, a mention of an unknown user: each is refused with where it is.
 */
public final class Subscriptions {

    /** What a subscription may listen to: a stage, or a wait for people at a gate. */
    static final List<String> EVENTS;

    static {
        List<String> events = new ArrayList<>();
        for (Status stage : Status.values()) {
            // a queued run reads as PENDING on the topics notify-service hears: a QUEUED subscription would never fire
            if (stage != Status.QUEUED) {
                events.add(stage.name());
            }
        }
        events.add("AUDIT_WAITING");
        events.add("CONFIRM_WAITING");
        EVENTS = List.copyOf(events);
    }

    private static final String STANDARD_WEBHOOKS_PREFIX = "whsec_";

    private final Users users;
    private final Secrets secrets;
    private final WebhookAddresses addresses;

    public Subscriptions(Users users, Secrets secrets, WebhookAddresses addresses) {
        this.users = users;
        this.secrets = secrets;
        this.addresses = addresses;
    }

    /** The webhooks as stored: checked, their type in capitals, their url, header values and secret sealed. */
    public List<Pipeline.Webhook> webhooks(String where, List<Pipeline.Webhook> hooks, List<String> problems) {
        List<Pipeline.Webhook> sealed = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            Pipeline.Webhook hook = hooks.get(i);
            String at = where + ": webhooks[" + i + "]";
            if (hook.url() == null || hook.url().isBlank()) {
                problems.add(at + " needs a url");
                continue;
            }
            String refusal = addresses.refusal(hook.url().trim());
            if (refusal != null) {
                problems.add(at + ": " + refusal);
                continue;
            }
            String type = hook.type() == null || hook.type().isBlank() ? null
                    : hook.type().trim().toUpperCase(Locale.ROOT);
            if (type != null && !Pipeline.Webhook.TYPES.contains(type)) {
                problems.add(at + ".type must be one of " + Pipeline.Webhook.TYPES + ", not '" + hook.type() + "'");
                continue;
            }
            String secretProblem = secretProblem(type, hook.secret());
            if (secretProblem != null) {
                problems.add(at + ".secret " + secretProblem);
                continue;
            }
            eventProblem(at, hook.events()).ifPresent(problems::add);
            // A header or secret copied from another webhook's sealed value is refused, as a sealed param value is.
            String copied = hook.secret() == null ? null : Limits.checkParamValue(at + ".secret", hook.secret().trim());
            for (Map.Entry<String, String> header : hook.headers().entrySet()) {
                copied = copied != null ? copied
                        : Limits.checkParamValue(at + ".headers." + header.getKey(), header.getValue());
            }
            if (copied != null) {
                problems.add(copied);
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            // Bound to the url: a header or secret moved onto another webhook (a store edit) does not open there.
            String url = hook.url().trim();
            hook.headers().forEach((header, value) -> headers.put(header,
                    secrets.seal(value, SealedPlace.webhookHeader(url, header))));
            // A chat robot's url holds its access token: it is sealed like the headers.
            sealed.add(new Pipeline.Webhook(secrets.seal(url, SealedPlace.webhookUrl()), hook.events(), headers, type,
                    hook.secret() == null || hook.secret().isBlank() ? null
                            : secrets.seal(hook.secret().trim(), SealedPlace.webhookSecret(url))));
        }
        return sealed;
    }

    /** The mentions, each of a user mflow knows. */
    public List<Pipeline.Mention> mentions(String where, List<Pipeline.Mention> mentions, List<String> problems) {
        List<Pipeline.Mention> known = new ArrayList<>();
        for (int i = 0; i < mentions.size(); i++) {
            Pipeline.Mention mention = mentions.get(i);
            String at = where + ": mentions[" + i + "]";
            String problem = Limits.checkLength(at + ".user", mention.user(), Limits.NAME_LENGTH);
            if (problem != null || mention.user() == null || mention.user().isBlank()) {
                problems.add(problem != null ? problem : at + " needs a user");
                continue;
            }
            if (users.byName(mention.user()).isEmpty()) {
                problems.add(at + ": no user named '" + mention.user() + "'");
                continue;
            }
            eventProblem(at, mention.events()).ifPresent(problems::add);
            known.add(mention);
        }
        return known;
    }

    /** The sealed e-mail address of each of these people who has one, by name. */
    public Map<String, String> contactsOf(Collection<String> people) {
        Map<String, String> contacts = new LinkedHashMap<>();
        for (String person : new LinkedHashSet<>(people)) {
            Optional<String> email = users.byName(person).map(User::email).filter(e -> e != null && !e.isBlank());
            email.ifPresent(address -> contacts.put(person, secrets.seal(address, SealedPlace.emailAddress(person))));
        }
        return contacts;
    }

    private static Optional<String> eventProblem(String at, List<String> events) {
        for (int e = 0; e < events.size(); e++) {
            String event = events.get(e) == null ? "" : events.get(e).trim().toUpperCase(Locale.ROOT);
            if (!EVENTS.contains(event)) {
                return Optional.of(at + ".events[" + e + "] must be one of " + EVENTS + ", not '" + events.get(e)
                        + "'");
            }
        }
        return Optional.empty();
    }

    /** A generic webhook's secret is a Standard Webhooks one; a chat robot's is whatever its platform issued. */
    private static String secretProblem(String type, String secret) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        boolean standard = secret.trim().startsWith(STANDARD_WEBHOOKS_PREFIX);
        if ("GENERIC".equals(type) && !standard) {
            return "of a GENERIC webhook must be a Standard Webhooks secret: whsec_ and base64";
        }
        if (standard) {
            try {
                int bytes = Base64.getDecoder().decode(secret.trim().substring(STANDARD_WEBHOOKS_PREFIX.length())).length;
                if (bytes < 24 || bytes > 64) {
                    return "must hold 24 to 64 bytes after whsec_, not " + bytes;
                }
            } catch (IllegalArgumentException e) {
                return "must be whsec_ and base64";
            }
        }
        return null;
    }
}
