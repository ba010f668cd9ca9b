package io.mflow.notify;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import io.mflow.platform.architecture.ArchitectureRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The platform's layout rules, applied to this service's main classes. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = ArchitectureRules.classesOf("io.mflow.notify");

    @ParameterizedTest
    @FieldSource("io.mflow.platform.architecture.ArchitectureRules#ALL")
    void theServiceKeepsThePlatformsLayout(ArchRule rule) {
        rule.check(CLASSES);
    }
}
