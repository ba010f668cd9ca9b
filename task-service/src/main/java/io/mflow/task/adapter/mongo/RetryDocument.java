package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** A retry policy as stored (on a job, a task of a pipeline, a job task); null stays null. */
record RetryDocument(int limit, String backoff, double multiplier, List<String> on) {

    static RetryDocument of(RetryPolicy policy) {
        return policy == null ? null : new RetryDocument(policy.limit(), policy.backoff().toString(),
                policy.multiplier(), policy.on().stream().map(Enum::name).sorted().toList());
    }

    static RetryPolicy toDomain(RetryDocument doc) {
        return doc == null ? null : new RetryPolicy(doc.limit(), Duration.parse(doc.backoff()), doc.multiplier(),
                doc.on().stream().map(RetryPolicy.Cause::valueOf).collect(Collectors.toSet()));
    }
}
