package io.mflow.buildrules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.buildrules.SilentTestClasses.Scan;
import io.mflow.buildrules.SilentTestClasses.Silent;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rule of {@link SilentTestClasses}, over every module of this repository. */
class EveryTestClassRunsTest {

    @Test
    void everyTestClassOfEveryModuleIsNamedForAPatternSurefireOrFailsafeRuns() {
        Scan scan = SilentTestClasses.in(repositoryRoot());

        // the scan saw this very class: it read the modules, and tells a test class when it sees one
        assertThat(scan.testClassFiles())
                .contains(Path.of("build-rules/src/test/java/io/mflow/buildrules/EveryTestClassRunsTest.java"));
        assertThat(scan.silent())
                .withFailMessage("%d test classes would never run; rename each (git mv) to a pattern that runs:%n%s",
                        scan.silent().size(),
                        scan.silent().stream().map(Silent::toString).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    /** This module's parent directory, which Surefire's working directory (the module) lies in. */
    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path root = module.getParent();
        assertThat(root.resolve("pom.xml")).as("the repository's root pom, above %s", module).isRegularFile();
        return root;
    }
}
