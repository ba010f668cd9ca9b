package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @TempDir
    Path dir;

    @BeforeEach
    void keyComesFromTheFile() {
        assumeTrue(System.getenv("MFLOW_SECRET_KEY") == null, "MFLOW_SECRET_KEY is set: the file is not used");
    }

    @Test
    void aNewDataDirIsForItsOwnerOnly() throws Exception {
        Path data = dir.resolve("data");

        DataDir.create(data);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void aNewSecretKeyIsReadableByItsOwnerOnlyAndTheSameOnTheNextStart() throws Exception {
        String key = DataDir.secretKey(dir);

        assertThat(mode(dir.resolve("secret.key"))).isEqualTo("rw-------");
        assertThat(DataDir.secretKey(dir)).isNotBlank().isEqualTo(key);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("secret.key"));
        }
    }

    @Test
    void aSecretKeyReadableByOthersIsTightened() throws Exception {
        Path file = dir.resolve("secret.key");
        Files.writeString(file, "an-old-key\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(DataDir.secretKey(dir)).isEqualTo("an-old-key");
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
