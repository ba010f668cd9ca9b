package io.mflow.task.config;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.kafka.KafkaProperties;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.task.adapter.kafka.ApprovalRecords;
import io.mflow.task.adapter.mongo.MongoApprovals;
import io.mflow.task.adapter.rest.ApprovalCallbacks;
import io.mflow.task.adapter.rest.CallbackBodies;
import io.mflow.task.adapter.schedule.Sweep;
import io.mflow.task.app.Approvals;
import io.mflow.task.app.Pipelines;
import io.mflow.task.app.ReleaseApprovals;
import io.mflow.task.app.RunPipeline;
import io.mflow.task.app.Secrets;
import io.mflow.task.app.Subscriptions;
import io.mflow.task.app.Users;
import io.mflow.task.domain.Approval;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Release approvals: their seam and outbox, the use cases, the sweep and the chat callbacks' settings. */
@Configuration(proxyBeanMethods = false)
class ApprovalConfiguration {

    @Bean
    AggregateChanges<Approval, Approval.Changed> approvalChanges(AggregateStore<Approval> store, AvroSerializer serializer,
                                                                 Secrets secrets, OutboxRelay relay, KafkaProperties kafka,
                                                                 @Value("${mflow.approvals.base-url:}") String baseUrl) {
        return AggregateChanges.of(MongoApprovals.COLLECTION, Approval::id, store,
                new ApprovalRecords(serializer, secrets, baseUrl), relay).maxRecordBytes(kafka.maxRecordBytes())
                .build();
    }

    @Bean
    ReleaseApprovals releaseApprovals(AggregateChanges<Approval, Approval.Changed> changes, Approvals approvals,
                                      Pipelines pipelines, Users users, Subscriptions subscriptions, Secrets secrets,
                                      RunPipeline runPipeline, Clock clock) {
        return new ReleaseApprovals(changes, approvals, pipelines, users, subscriptions, secrets, runPipeline, clock);
    }

    /** Finishes PASSED autoRun approvals whose run was not noted: a crash in between loses no run, starts none twice. */
    @Bean
    Sweep approvalSweep(ReleaseApprovals approvals, @Value("${mflow.approvals.sweep-every:PT30S}") Duration every) {
        return new Sweep("approval", approvals::sweep, every);
    }

    /** Before every other filter: Slack's signature covers the raw form body, which a parameter read would consume. */
    @Bean
    FilterRegistrationBean<CallbackBodies> callbackBodies() {
        FilterRegistrationBean<CallbackBodies> registration = new FilterRegistrationBean<>(new CallbackBodies());
        registration.addUrlPatterns(ApprovalCallbacks.URL_PATTERN);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ApprovalCallbacks.Settings approvalCallbackSettings(
            @Value("${mflow.approvals.feishu.verification-token:}") String feishuVerificationToken,
            @Value("${mflow.approvals.feishu.encrypt-key:}") String feishuEncryptKey,
            @Value("${mflow.approvals.slack.signing-secret:}") String slackSigningSecret) {
        return new ApprovalCallbacks.Settings(feishuVerificationToken, feishuEncryptKey, slackSigningSecret);
    }
}
