package io.mflow.buildrules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.buildrules.SilentTestClasses.Scan;
import io.mflow.buildrules.SilentTestClasses.Silent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository in a temp dir: a root pom with module {@code app}, which does not run Failsafe, and {@code it}. */
class SilentTestClassesTest {

    private static final String JUPITER_TEST = """
            package x;
            import org.junit.jupiter.api.Test;
            class %s {
                @Test
                void works() {
                }
            }
            """;

    @TempDir
    Path root;

    @BeforeEach
    void aRepositoryOfTwoModules() throws Exception {
        write("pom.xml", pom("<modules><module>app</module><module>it</module></modules>"));
        write("app/pom.xml", pom("<build><pluginManagement><plugins><plugin>"
                + "<artifactId>maven-failsafe-plugin</artifactId></plugin></plugins></pluginManagement></build>"));
        write("it/pom.xml", pom("<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId>"
                + "<artifactId>maven-failsafe-plugin</artifactId></plugin></plugins></build>"));
    }

    @Test
    void aTestClassNamedForNoPatternIsReportedWithItsFile() throws Exception {
        test("app", "NextRunProperties", """
                package x;
                import net.jqwik.api.Property;
                class NextRunProperties {
                    @Property
                    boolean holds() {
                        return true;
                    }
                }
                """);

        assertThat(SilentTestClasses.in(root).silent()).singleElement().satisfies(silent -> {
            assertThat(silent.file()).isEqualTo(Path.of("app/src/test/java/x/NextRunProperties.java"));
            assertThat(silent.className()).isEqualTo("NextRunProperties");
            assertThat(silent.toString()).contains("app/src/test/java/x/NextRunProperties.java")
                    .contains("matches no pattern");
        });
    }

    @Test
    void aHelperWithoutTestMethodsIsNoTestClass() throws Exception {
        test("app", "RunFixture", """
                package x;
                /** Builds runs for tests; the tests that use it have the {@code @Test} methods. */
                final class RunFixture {
                    static final String NOTE = "@Test @Property";
                    static final String BLOCK = \"""
                            @ParameterizedTest {
                            \""";
                    static final char BRACE = '{';
                    // @RepeatedTest
                    @TestInstanceLike
                    void build() {
                    }
                }
                """);

        Scan scan = SilentTestClasses.in(root);

        assertThat(scan.testClassFiles()).isEmpty();
        assertThat(scan.silent()).isEmpty();
    }

    @Test
    void everyNameSurefireOrFailsafeRunsPasses() throws Exception {
        for (String name : List.of("TestRuns", "RunTest", "RunTests", "RunTestCase")) {
            test("app", name, JUPITER_TEST.formatted(name));
        }
        for (String name : List.of("ITRuns", "RunIT", "RunITCase")) {
            test("it", name, JUPITER_TEST.formatted(name));
        }

        Scan scan = SilentTestClasses.in(root);

        assertThat(scan.testClassFiles()).hasSize(7);
        assertThat(scan.silent()).isEmpty();
    }

    @Test
    void anIntegrationTestInAModuleThatDoesNotRunFailsafeIsReported() throws Exception {
        test("app", "StoreIT", JUPITER_TEST.formatted("StoreIT"));

        assertThat(SilentTestClasses.in(root).silent()).singleElement().satisfies(silent -> {
            assertThat(silent.className()).isEqualTo("StoreIT");
            assertThat(silent.why()).isEqualTo("is named for Failsafe, which app/pom.xml does not run"
                    + " (add maven-failsafe-plugin to its build plugins)");
        });
    }

    @Test
    void testMethodsOnlyInANestedClassMakeATestClass() throws Exception {
        test("app", "Gates", """
                package x;
                @SuppressWarnings({"unused"})
                class Gates {
                    private static final String NAME = "}";
                    @org.junit.jupiter.api.Nested
                    class WhenOpen {
                        @org.junit.jupiter.params.ParameterizedTest
                        @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
                        void passes(int n) {
                        }
                    }
                }
                """);

        assertThat(SilentTestClasses.in(root).silent()).extracting(Silent::className).containsExactly("Gates");
    }

    @Test
    void aSecondTopLevelClassIsJudgedByItsOwnName() throws Exception {
        test("app", "RunTest", """
                package x;
                class RunTest {
                    @Test
                    void works() {
                    }
                }
                class RunChecks {
                    @org.junit.jupiter.api.TestFactory
                    java.util.List<Object> checks() {
                        return java.util.List.of();
                    }
                }
                """);

        assertThat(SilentTestClasses.in(root).silent()).extracting(Silent::className).containsExactly("RunChecks");
    }

    private void test(String module, String name, String source) throws Exception {
        write(module + "/src/test/java/x/" + name + ".java", source);
    }

    private void write(String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String pom(String inside) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>" + inside
                + "</project>";
    }
}
