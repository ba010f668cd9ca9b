package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The grants of the embedded broker, read as the Topics table of docs/architecture.md says who produces what. */
class KafkaAclsTest {

    @Test
    void eachServiceWritesOnlyTheTopicsItProducesAndTheDeadLettersOfWhatItConsumesOrProduces() {
        assertThat(written("notify-service")).containsExactlyInAnyOrder(Topics.NOTIFY_EVENTS,
                Topics.NOTIFY_EVENTS + ".DLT", Topics.TASK_EVENTS + ".DLT", Topics.APPROVAL_EVENTS + ".DLT");
        assertThat(written("runner-service")).containsExactlyInAnyOrder(Topics.JOB_TASK_STATUS_REPORTS,
                Topics.JOB_TASK_STATUS_REPORTS + ".DLT", Topics.JOB_LOGS, Topics.JOB_LOGS + ".DLT",
                Topics.JOB_COMMANDS + ".DLT", Topics.TASK_EVENTS + ".DLT");
        assertThat(written("pipeline-service")).contains(Topics.JOB_COMMANDS).doesNotContain(Topics.TASK_EVENTS);
        assertThat(written("task-service")).contains(Topics.TASK_EVENTS, Topics.APPROVAL_EVENTS)
                .doesNotContain(Topics.JOB_COMMANDS,
                Topics.JOB_TASK_STATUS_REPORTS);
    }

    @Test
    void taskServiceReadsItsOwnEventsBackForTheLiveRunPagesAndTheCommandsForWhatEachAttemptRanWith() {
        assertThat(read("task-service")).contains(Topics.TASK_EVENTS, Topics.JOB_TASK_STATUS_REPORTS,
                Topics.JOB_COMMANDS);
        assertThat(read("pipeline-service")).contains(Topics.TASK_EVENTS);
        assertThat(read("notify-service")).containsExactlyInAnyOrder(Topics.TASK_EVENTS, Topics.APPROVAL_EVENTS);
    }


    @Test
    void theReporterMayWriteStatusReportsAndNothingElse() {
        assertThat(grantsOf("reporter")).singleElement().satisfies(grant -> {
            assertThat(grant.pattern().name()).isEqualTo(Topics.JOB_TASK_STATUS_REPORTS);
            assertThat(grant.pattern().patternType()).isEqualTo(PatternType.LITERAL);
            assertThat(grant.entry().operation()).isEqualTo(AclOperation.WRITE);
        });
    }

    @Test
    void theReaderReadsMflowsTopicsInItsOwnGroupsAndChangesNothing() {
        List<AclBinding> reader = grantsOf("reader");

        assertThat(reader).extracting(grant -> grant.entry().operation())
                .containsOnly(AclOperation.READ, AclOperation.DESCRIBE);
        assertThat(reader).filteredOn(grant -> grant.pattern().resourceType() == ResourceType.GROUP)
                .extracting(grant -> grant.pattern().name()).containsExactly("reader-");
        assertThat(reader).filteredOn(grant -> grant.pattern().resourceType() == ResourceType.TOPIC)
                .extracting(grant -> grant.pattern().name()).containsOnly("mflow.");
    }

    @Test
    void everyGrantAllowsAndNamesAPrincipalOfTheEngine() {
        assertThat(KafkaAcls.all()).allSatisfy(grant -> {
            assertThat(grant.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(KafkaPrincipals.names()).contains(grant.entry().principal().substring("User:".length()));
            assertThat(grant.entry().principal()).isNotEqualTo("User:*");
        });
    }

    private static List<AclBinding> grantsOf(String principal) {
        return KafkaAcls.all().stream().filter(grant -> grant.entry().principal().equals("User:" + principal))
                .toList();
    }

    private static Set<String> read(String principal) {
        return grantsOf(principal).stream().filter(grant -> grant.entry().operation() == AclOperation.READ)
                .filter(grant -> grant.pattern().resourceType() == ResourceType.TOPIC)
                .map(grant -> grant.pattern().name()).collect(Collectors.toSet());
    }

    private static Set<String> written(String principal) {
        return grantsOf(principal).stream().filter(grant -> grant.entry().operation() == AclOperation.WRITE)
                .map(grant -> grant.pattern().name()).collect(Collectors.toSet());
    }
}
