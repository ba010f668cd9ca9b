package io.mflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.node.JsonNodeFactory;

class EventsTailTest {

    @Test
    void withNoTopicNamedEveryPublicTopicAndItsDeadLettersAreRead() {
        List<String> topics = tail().topicNames();

        assertThat(topics).contains(Topics.TASK_EVENTS, Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS,
                Topics.PIPELINE_TASK_STATUS_REPORTS, Topics.JOB_LOGS, Topics.NOTIFY_EVENTS, Topics.APPROVAL_EVENTS,
                Topics.TASK_EVENTS + ".DLT", Topics.NOTIFY_EVENTS + ".DLT", Topics.APPROVAL_EVENTS + ".DLT")
                .hasSize(14);
    }

    @Test
    void aPublicTopicMayBeNamedWithoutItsPrefixAndAnyOtherTopicIsTakenAsNamed() {
        EventsTail tail = tail("task-events", "job-task-status-reports.DLT", "mflow.job-commands", "audit");

        assertThat(tail.topicNames()).containsExactly(Topics.TASK_EVENTS, Topics.JOB_TASK_STATUS_REPORTS + ".DLT",
                Topics.JOB_COMMANDS, "audit");
    }

    @Test
    void theKafkaConfigFileGivesTheCredentialsAndTheCommandLineMayNameOtherBrokers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka-reader.properties");
        Files.writeString(file, """
                bootstrap.servers=127.0.0.1:9092
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=SCRAM-SHA-256
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="reader" password="p";
                """);

        Map<String, Object> fromFile = tail("--kafka-config", file.toString()).kafkaClient();
        Map<String, Object> elsewhere = tail("--kafka-config", file.toString(), "--bootstrap-servers", "kafka:9092")
                .kafkaClient();

        assertThat(fromFile).containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"reader\" password=\"p\";");
        assertThat(elsewhere).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_PLAINTEXT");
    }

    @Test
    void aRunIsSelectedByItsKeyAndATypeByItsFullName() {
        EventsTail.Selection selection = new EventsTail.Selection("pt-1", "io.mflow.schemas.command.RunJob");

        assertThat(selection.keeps(line("pt-1", "io.mflow.schemas.command.RunJob"))).isTrue();
        assertThat(selection.keeps(line("pt-2", "io.mflow.schemas.command.RunJob"))).isFalse();
        assertThat(selection.keeps(line("pt-1", "io.mflow.schemas.command.CancelJob"))).isFalse();
        assertThat(selection.keeps(line("pt-1", null))).isFalse();
        assertThat(new EventsTail.Selection(null, null).keeps(line(null, null))).isTrue();
    }

    @Test
    void aTypeMayBeGivenByItsShortOrFullName() {
        PublishedSchemas schemas = PublishedSchemas.ofContract();

        assertThat(schemas.fullNameOf("RunJob")).contains("io.mflow.schemas.command.RunJob");
        assertThat(schemas.fullNameOf("io.mflow.schemas.event.JobTaskStatusChanged"))
                .contains("io.mflow.schemas.event.JobTaskStatusChanged");
        assertThat(schemas.fullNameOf("io.mflow.schemas.event.RunJob")).isEmpty();
    }

    @Test
    void anUnknownTypeIsAUsageErrorThatListsTheContractsTypes() {
        StringWriter err = new StringWriter();
        CommandLine mflow = MflowCommand.commandLine().setErr(new PrintWriter(err));

        int exit = mflow.execute("events", "tail", "--type", "JobFinished", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(exit).as("64, sysexits' EX_USAGE: 2 is a CANCELED run").isEqualTo(64);
        assertThat(err.toString()).contains("--type JobFinished is no type of the contract", "JobTaskStatusChanged");
    }

    @Test
    void helpIsPrintedForTheToolAndForTheTail() {
        StringWriter out = new StringWriter();
        CommandLine mflow = new CommandLine(new MflowCommand()).setOut(new PrintWriter(out));

        assertThat(mflow.execute("--help")).isZero();
        assertThat(mflow.execute("events", "tail", "--help")).isZero();

        assertThat(out.toString()).contains("Usage: mflow [-h] [COMMAND]", "events",
                "Usage: mflow events tail", "--from-beginning", "--run=PIPELINE_TASK_ID", "--type=TYPE",
                "--bootstrap-servers=HOST:PORT", "--max-records=N", "--timeout=DURATION");
    }

    @Test
    void durationsAreReadAsPeopleTypeThem() {
        Durations durations = new Durations();

        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> durations.convert("soon")).isInstanceOf(TypeConversionException.class);
    }

    private static EventsTail tail(String... args) {
        EventsTail tail = new EventsTail();
        new CommandLine(tail).parseArgs(args);
        return tail;
    }

    private static RecordLines.Line line(String key, String fullType) {
        return new RecordLines.Line(key, fullType, JsonNodeFactory.instance.objectNode());
    }
}
