package io.mflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsReadableByItsOwnerOnlyInADirectoryOnlyTheOwnerMayEnter() throws Exception {
        Path file = Credentials.file(Map.of("XDG_CONFIG_HOME", dir.toString()));

        new Credentials("http://ci.example:8080", "mf_secret").save(file);
        new Credentials("http://ci.example:8080", "mf_secret2").save(file);

        assertThat(file).isEqualTo(dir.resolve("mflow/credentials"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Credentials.read(file)).contains(new Credentials("http://ci.example:8080", "mf_secret2"));
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no file written on the way is left behind").containsExactly(file);
        }
    }

    @Test
    void withoutXdgConfigHomeTheFileIsUnderTheHomeDirectorysConfig() {
        assertThat(Credentials.file(Map.of("HOME", "/home/vera"))).isEqualTo(Path.of("/home/vera/.config/mflow/credentials"));
    }

    @Test
    void theEnvironmentOverridesTheFileAndWithNeitherTheServerIsTheEmbeddedEngines() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString());
        new Credentials("http://saved:8080", "mf_saved").save(Credentials.file(env));

        assertThat(Credentials.of(env)).isEqualTo(new Credentials("http://saved:8080", "mf_saved"));
        assertThat(Credentials.of(Map.of("XDG_CONFIG_HOME", dir.toString(), "MFLOW_TOKEN", "mf_env")))
                .isEqualTo(new Credentials("http://saved:8080", "mf_env"));
        assertThat(Credentials.of(Map.of("XDG_CONFIG_HOME", dir.toString(), "MFLOW_SERVER", "http://other:8080/")))
                .isEqualTo(new Credentials("http://other:8080", "mf_saved"));
        assertThat(Credentials.of(Map.of("XDG_CONFIG_HOME", dir.resolve("none").toString())))
                .isEqualTo(new Credentials(Credentials.DEFAULT_SERVER, null));
    }

    @Test
    void theTokenIsNeverShownByToString() {
        assertThat(new Credentials("http://saved:8080", "mf_saved").toString()).doesNotContain("mf_saved");
        assertThat(new ParamValue("TOKEN", "hunter2").toString()).doesNotContain("hunter2");
    }
}
