package io.mflow.task;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mflow.task");

    @Test
    void theDomainDependsOnlyOnItselfAndTheJdk() {
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
        for (String adapter : new String[] {"rest", "kafka", "mongo"}) {
            noClasses().that().resideInAPackage("..adapter." + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            java.util.Arrays.stream(new String[] {"rest", "kafka", "mongo"})
                                    .filter(other -> !other.equals(adapter))
                                    .map(other -> "..adapter." + other + "..").toArray(String[]::new))
                    .check(CLASSES);
        }
    }
}
