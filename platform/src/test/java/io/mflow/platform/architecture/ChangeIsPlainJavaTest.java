package io.mflow.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import org.junit.jupiter.api.Test;

/** Every service's domain may use the platform's change package, so it must stay as plain as a domain. */
class ChangeIsPlainJavaTest {

    @Test
    void theChangePackageDependsOnNothingButJava() {
        classes().that().resideInAPackage(ArchitectureRules.CHANGE_PACKAGE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(ArchitectureRules.CHANGE_PACKAGE, "java..")
                .check(ArchitectureRules.classesOf(ArchitectureRules.CHANGE_PACKAGE));
    }
}
