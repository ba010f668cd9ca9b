package io.mflow.launcher;

import io.mflow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each principal may do on the embedded broker, which allows nothing that is not listed here
 * ({@code allow.everyone.if.no.acl.found=false}). A service writes the topics it produces (docs/architecture.md's
 * Topics table, the same lists as its {@code KafkaTopics} bean) and the dead-letter topics of those it consumes (its
 * error handler) and produces (its outbox relay's refused records), reads the topics it consumes in consumer groups
 * named after it, and may create the topics it declares. {@link KafkaPrincipals#REPORTER} may only write status
 * reports; {@link KafkaPrincipals#READER} may only read mflow's topics, in groups of its own prefix, and no consumer
 * group of a service.
 */
final class KafkaAcls {

    /** A reader's consumer groups must start so: it cannot join (and move the offsets of) a service's group. */
    static final String READER_GROUP_PREFIX = "reader-";
    static final String TOPIC_PREFIX = "mflow.";

    /** What each service consumes and produces. */
    private static final Map<Service, Flows> FLOWS = Map.of(
            // task-service reads the commands only for the params each attempt was sent (a job task's ranWith)
            Service.TASK, new Flows(List.of(Topics.JOB_TASK_STATUS_REPORTS, Topics.PIPELINE_TASK_STATUS_REPORTS,
                    Topics.NOTIFY_EVENTS, Topics.JOB_LOGS, Topics.JOB_COMMANDS),
                    List.of(Topics.TASK_EVENTS, Topics.APPROVAL_EVENTS)),
            Service.PIPELINE, new Flows(List.of(Topics.TASK_EVENTS), List.of(Topics.JOB_COMMANDS,
                    Topics.JOB_TASK_STATUS_REPORTS, Topics.PIPELINE_TASK_STATUS_REPORTS)),
            Service.RUNNER, new Flows(List.of(Topics.JOB_COMMANDS, Topics.TASK_EVENTS),
                    List.of(Topics.JOB_TASK_STATUS_REPORTS, Topics.JOB_LOGS)),
            // notify-service tells release approvals' moves (mflow.approval-events, task-service's) to people
            Service.NOTIFY, new Flows(List.of(Topics.TASK_EVENTS, Topics.APPROVAL_EVENTS), List.of(Topics.NOTIFY_EVENTS)));

    private record Flows(List<String> consumed, List<String> produced) {
    }

    private KafkaAcls() {
    }

    /** Every grant; anything else is refused. */
    static List<AclBinding> all() {
        List<AclBinding> grants = new ArrayList<>();
        for (Service service : Service.values()) {
            String principal = service.module();
            Flows flows = FLOWS.get(service);
            for (String topic : flows.produced()) {
                grants.addAll(topic(principal, topic, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE));
                grants.addAll(topic(principal, topic + Topics.DEAD_LETTER_SUFFIX, AclOperation.WRITE, AclOperation.DESCRIBE,
                        AclOperation.CREATE));
            }
            for (String topic : flows.consumed()) {
                grants.addAll(topic(principal, topic, AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE));
                grants.addAll(topic(principal, topic + Topics.DEAD_LETTER_SUFFIX, AclOperation.WRITE, AclOperation.DESCRIBE,
                        AclOperation.CREATE));
            }
            // its groups: task-service, task-service-job-commands, runner-service-task-events, ...
            grants.add(grant(principal, new ResourcePattern(ResourceType.GROUP, principal, PatternType.PREFIXED),
                    AclOperation.READ));
        }
        // Each task-service replica reads its own events back, every partition and no group, so the run pages it
        // serves follow changes another replica made (TaskEventsBroadcast).
        grants.addAll(topic(Service.TASK.module(), Topics.TASK_EVENTS, AclOperation.READ));
        grants.addAll(topic(KafkaPrincipals.REPORTER, Topics.JOB_TASK_STATUS_REPORTS, AclOperation.WRITE));
        ResourcePattern everyTopic = new ResourcePattern(ResourceType.TOPIC, TOPIC_PREFIX, PatternType.PREFIXED);
        grants.add(grant(KafkaPrincipals.READER, everyTopic, AclOperation.READ));
        grants.add(grant(KafkaPrincipals.READER, everyTopic, AclOperation.DESCRIBE));
        grants.add(grant(KafkaPrincipals.READER, new ResourcePattern(ResourceType.GROUP, READER_GROUP_PREFIX,
                PatternType.PREFIXED), AclOperation.READ));
        return grants;
    }

    private static List<AclBinding> topic(String principal, String topic, AclOperation... operations) {
        List<AclBinding> grants = new ArrayList<>();
        for (AclOperation operation : operations) {
            grants.add(grant(principal, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operation));
        }
        return grants;
    }

    private static AclBinding grant(String principal, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry("User:" + principal, "*", operation,
                AclPermissionType.ALLOW));
    }
}
