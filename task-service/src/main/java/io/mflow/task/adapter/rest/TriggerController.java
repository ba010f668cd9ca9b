package io.mflow.task.adapter.rest;

import io.mflow.platform.webhooks.Hmacs;
import io.mflow.platform.webhooks.StandardWebhooks;
import io.mflow.task.adapter.rest.BuildBodies.TriggerRecordResponse;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.app.TakeGitDelivery;
import io.mflow.task.app.TriggerRecords;
import io.mflow.task.domain.GitDelivery;
import io.mflow.task.domain.TriggerRecord;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where providers deliver their events, each proving it with the secret of a build configuration (no mflow token:
 * a provider cannot send one), and the records of what they delivered (docs/triggers.md). A new delivery is
 * answered 202 with its record; one that comes again 200 with the record the first made.
 */
@RestController
@RequestMapping("/api/v1/triggers")
class TriggerController {

    static final String GITLAB = "/api/v1/triggers/gitlab";
    static final String GITHUB = "/api/v1/triggers/github";
    static final String GENERIC = "/api/v1/triggers/generic";

    private final TakeGitDelivery take;
    private final TriggerRecords records;
    private final PipelineTasks pipelineTasks;
    private final JsonMapper json;
    private final Clock clock;

    TriggerController(TakeGitDelivery take, TriggerRecords records, PipelineTasks pipelineTasks, JsonMapper json,
                      Clock clock) {
        this.take = take;
        this.records = records;
        this.pipelineTasks = pipelineTasks;
        this.json = json;
        this.clock = clock;
    }

    /** {@code X-Gitlab-Token} is the configuration's secret, compared in constant time. */
    @PostMapping("/gitlab")
    ResponseEntity<TriggerRecordResponse> gitlab(@RequestBody(required = false) byte[] body,
                                                 @RequestHeader(value = "X-Gitlab-Token", required = false) String token,
                                                 @RequestHeader(value = "X-Gitlab-Event", required = false) String event,
                                                 @RequestHeader(value = "X-Gitlab-Event-UUID", required = false) String delivery,
                                                 @RequestHeader(value = "X-Gitlab-Instance", required = false) String instance,
                                                 @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String agent,
                                                 @RequestParam(defaultValue = "false") boolean dryRun) {
        return answer(take.take(GitDelivery.gitlab(event, delivery, object(body)).from(instance, agent),
                secret -> Hmacs.same(token, secret), dryRun));
    }

    /** {@code X-Hub-Signature-256} is {@code sha256=} and the HMAC-SHA256 of the raw body with the secret. */
    @PostMapping("/github")
    ResponseEntity<TriggerRecordResponse> github(@RequestBody(required = false) byte[] body,
                                                 @RequestHeader(value = "X-Hub-Signature-256", required = false) String signature,
                                                 @RequestHeader(value = "X-GitHub-Event", required = false) String event,
                                                 @RequestHeader(value = "X-GitHub-Delivery", required = false) String delivery,
                                                 @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String agent,
                                                 @RequestParam(defaultValue = "false") boolean dryRun) {
        byte[] raw = body == null ? new byte[0] : body;
        String given = signature == null ? null : signature.trim().toLowerCase(Locale.ROOT);
        Predicate<String> proves = secret -> secret != null
                && Hmacs.same(given, "sha256=" + Hmacs.sha256Hex(secret, raw));
        return answer(take.take(GitDelivery.github(event, delivery, object(raw)).from(null, agent), proves, dryRun));
    }

    /** Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp} (within 5 minutes), {@code webhook-signature}. */
    @PostMapping("/generic")
    ResponseEntity<TriggerRecordResponse> generic(@RequestBody(required = false) byte[] body,
                                                  @RequestHeader(value = StandardWebhooks.ID, required = false) String id,
                                                  @RequestHeader(value = StandardWebhooks.TIMESTAMP, required = false) String timestamp,
                                                  @RequestHeader(value = StandardWebhooks.SIGNATURE, required = false) String signature,
                                                  @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String agent,
                                                  @RequestParam(defaultValue = "false") boolean dryRun) {
        byte[] raw = body == null ? new byte[0] : body;
        Predicate<String> proves = secret -> StandardWebhooks.verify(secret, id, timestamp, signature, raw,
                clock.instant());
        return answer(take.take(GitDelivery.generic(id, object(raw)).from(null, agent), proves, dryRun));
    }

    /**
     * Newest first; {@code stage} is the record's (RECEIVED, STARTED, NO_MATCH, IGNORED), {@code buildStage} where a
     * build of it is now as its run says (RECEIVED, QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED), of
     * {@code buildConfig} when given.
     */
    @GetMapping("/records")
    PageBody<TriggerRecordResponse> records(@RequestParam(required = false) String buildConfig,
                                            @RequestParam(required = false) String stage,
                                            @RequestParam(required = false) String buildStage,
                                            @RequestParam(defaultValue = "0") int page,
                                            @RequestParam(defaultValue = "20") int size) {
        PageBody.check(page, size);
        return PageBody.of(records.page(page, size, buildConfig, named("stage", stage, TriggerRecord.Stage.class),
                named("buildStage", buildStage, TriggerRecord.BuildStage.class)).map(this::shown));
    }

    private static <E extends Enum<E>> E named(String field, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RequestRefused.invalid(field + " must be one of " + java.util.List.of(type.getEnumConstants())
                    + ", not '" + value + "'");
        }
    }

    @GetMapping("/records/{id}")
    TriggerRecordResponse record(@PathVariable String id) {
        return records.byId(id).map(this::shown)
                .orElseThrow(() -> RequestRefused.notFound("no trigger record " + id));
    }

    private TriggerRecordResponse shown(TriggerRecord record) {
        return TriggerRecordResponse.of(record, pipelineTasks::byId);
    }

    private ResponseEntity<TriggerRecordResponse> answer(TakeGitDelivery.Taken taken) {
        return ResponseEntity.status(taken.again() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(shown(taken.record()));
    }

    /**
     * The body as JSON objects, arrays and values; one that is no JSON object reads as empty, so that its delivery
     * is checked (and refused 401, or recorded as IGNORED) like any other rather than answered with a parser's
     * words before its sender is known.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> object(byte[] body) {
        if (body == null || body.length == 0) {
            return Map.of();
        }
        try {
            Object read = json.readValue(body, Object.class);
            return read instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (JacksonException notJson) {
            return Map.of();
        }
    }
}
