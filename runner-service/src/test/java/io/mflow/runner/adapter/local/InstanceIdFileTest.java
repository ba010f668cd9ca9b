package io.mflow.runner.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdFileTest {

    @TempDir
    Path workDir;

    @Test
    void aRestartOnTheSameWorkDirIsTheSameInstance() {
        String first = InstanceIdFile.in(workDir);
        assertThat(InstanceIdFile.in(workDir)).isEqualTo(first);
        assertThat(workDir.resolve(InstanceIdFile.NAME)).exists();
    }

    @Test
    void anotherWorkDirIsAnotherInstance() throws Exception {
        Path other = Files.createDirectory(workDir.resolve("other-host"));
        assertThat(InstanceIdFile.in(other)).isNotEqualTo(InstanceIdFile.in(workDir));
    }

    @Test
    void aWorkDirNotMadeYetIsMadeWithTheId() {
        Path fresh = workDir.resolve("data/runner");
        assertThat(InstanceIdFile.in(fresh)).startsWith("runner-");
        assertThat(fresh.resolve(InstanceIdFile.NAME)).exists();
    }
}
