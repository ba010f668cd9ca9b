package io.mflow.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mflow.runner");

    @Test
    void theDomainDependsOnlyOnItselfAndJava() {
        classes().that().resideInAPackage("..domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("..domain..", "java..")
                .check(CLASSES);
    }

    @Test
    void useCasesNeverSeeAdapters() {
        noClasses().that().resideInAPackage("..app..")
                .should().dependOnClassesThat().resideInAPackage("..adapter..")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotCallEachOther() {
        for (String adapter : new String[] {"kafka", "mongo", "local"}) {
            noClasses().that().resideInAPackage("..adapter." + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(other(adapter))
                    .check(CLASSES);
        }
    }

    private static String[] other(String adapter) {
        return java.util.stream.Stream.of("kafka", "mongo", "local").filter(a -> !a.equals(adapter))
                .map(a -> "..adapter." + a + "..").toArray(String[]::new);
    }
}
