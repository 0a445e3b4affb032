package io.ferrymq.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module boundaries of DESIGN.md, checked on the compiled classes rather than remembered. */
class ArchitectureTest {

    private static final JavaClasses FERRY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // other modules' test jars
            .importPackages("io.ferrymq");

    @Test
    void transportsSeeOnlyTheEngineApi() {
        noClasses().that().resideInAPackage("io.ferrymq.transport..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.ferrymq.addressing.engine..", "io.ferrymq.addressing.store..",
                        "io.ferrymq.addressing.security..", "io.ferrymq.addressing.settings..",
                        "io.ferrymq.journal..", "io.ferrymq.server..")
                .check(FERRY);
    }

    @Test
    void theEngineKnowsNoNetworkAndNoTransport() {
        noClasses().that().resideInAPackage("io.ferrymq.addressing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.ferrymq.transport..",
                        "io.ferrymq.server..")
                .check(FERRY);
    }

    @Test
    void theApiStandsAlone() {
        classes().that().resideInAPackage("io.ferrymq.addressing.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.ferrymq.addressing.api..", "java..")
                .check(FERRY);
    }

    @Test
    void theJournalKnowsNoMessages() {
        noClasses().that().resideInAPackage("io.ferrymq.journal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferrymq.addressing..", "io.ferrymq.transport..")
                .check(FERRY);
    }
}
