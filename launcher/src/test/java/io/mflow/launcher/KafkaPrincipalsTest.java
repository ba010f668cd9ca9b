package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaPrincipalsTest {

    @TempDir
    Path dir;

    @Test
    void passwordsAreGeneratedOnceIntoAFileOfItsOwnersOnlyAndKeptEverAfter() throws Exception {
        KafkaPrincipals first = KafkaPrincipals.of(dir);
        KafkaPrincipals next = KafkaPrincipals.of(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("credentials.properties"))))
                .isEqualTo("rw-------");
        for (String principal : KafkaPrincipals.names()) {
            assertThat(next.password(principal)).isEqualTo(first.password(principal)).hasSizeGreaterThan(40);
        }
        assertThat(first.password("reporter")).isNotEqualTo(first.password("reader"));
    }

    @Test
    void aPrincipalAddedByANewerLauncherGetsAPasswordAndTheOthersKeepTheirs() throws Exception {
        Files.writeString(dir.resolve("credentials.properties"), "task-service=kept-from-before\n");

        KafkaPrincipals principals = KafkaPrincipals.of(dir);

        assertThat(principals.password("task-service")).isEqualTo("kept-from-before");
        assertThat(principals.password("reader")).isNotBlank();
        assertThat(Files.readString(dir.resolve("credentials.properties"))).contains("reader=");
    }

    @Test
    void aClientsSettingsNameItsPrincipalAndNoPasswordIsEverShown() throws Exception {
        KafkaPrincipals principals = KafkaPrincipals.of(dir);

        assertThat(principals.client("reader", "127.0.0.1:9092")).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256").containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"reader\" password=\"" + principals.password("reader") + "\";");
        assertThat(principals.toString()).doesNotContain(principals.password("reader"));
    }
}
