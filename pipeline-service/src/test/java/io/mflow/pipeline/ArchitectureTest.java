package io.mflow.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mflow.pipeline");

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
        noClasses().that().resideInAPackage("..adapter.kafka..")
                .should().dependOnClassesThat().resideInAPackage("..adapter.mongo..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("..adapter.mongo..")
                .should().dependOnClassesThat().resideInAPackage("..adapter.kafka..")
                .check(CLASSES);
    }
}
