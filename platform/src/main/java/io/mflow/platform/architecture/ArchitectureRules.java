package io.mflow.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layout every service keeps: a domain core of plain Java, use cases that never see an adapter, and adapters
 * that do not call each other. Each service's architecture test applies these to its own package.
 */
public final class ArchitectureRules {

    /** The platform's one package that a domain may use: the result shape of every aggregate's decisions. */
    public static final String CHANGE_PACKAGE = "io.mflow.platform.change";

    public static final ArchRule DOMAIN_IS_PLAIN_JAVA = classes().that().resideInAPackage("..domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("..domain..", "java..", CHANGE_PACKAGE)
            .because("state machines and decisions must be testable without Spring, Kafka, Mongo or Avro; the one "
                    + "result shape of a decision (Change) is plain Java too");

    public static final ArchRule USE_CASES_NEVER_SEE_ADAPTERS = noClasses().that().resideInAPackage("..app..")
            .should().dependOnClassesThat().resideInAPackage("..adapter..")
            .because("use cases talk to ports; adapters implement them");

    public static final ArchRule USE_CASES_HANDLE_EVENTS_NOT_BYTES = noClasses().that().resideInAPackage("..app..")
            .should().dependOnClassesThat().haveFullyQualifiedName("io.mflow.platform.outbox.OutboxEntry")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.mflow.platform.outbox.OutboxRecord")
            .orShould().dependOnClassesThat().resideInAPackage("io.mflow.schemas.serde..")
            .because("use cases hand domain events to the aggregate seam; encoding them is a Kafka adapter's job");

    public static final ArchRule ADAPTERS_DO_NOT_CALL_EACH_OTHER = slices().matching("..adapter.(*)..")
            .should().notDependOnEachOther()
            .because("each adapter talks to the use cases, not to another adapter");

    public static final List<ArchRule> ALL = List.of(DOMAIN_IS_PLAIN_JAVA, USE_CASES_NEVER_SEE_ADAPTERS,
            USE_CASES_HANDLE_EVENTS_NOT_BYTES, ADAPTERS_DO_NOT_CALL_EACH_OTHER);

    private ArchitectureRules() {
    }

    /** The main classes of a service, without its tests. */
    public static JavaClasses classesOf(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }
}
