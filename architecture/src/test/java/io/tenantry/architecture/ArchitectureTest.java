package io.tenantry.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link TenantryRules} over the real main classes of shared and every function module (this
 * module's test classpath, test classes left out). Each rule has a twin in {@link PlantedViolationsTest} that
 * proves it fails on a violation.
 */
class ArchitectureTest {
    private static final TenantryRules RULES = new TenantryRules("io.tenantry");
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tenantry");
    }

    @Test
    void theSharedKernelAndEveryContext_areImported() {
        Stream.concat(Stream.of("shared"), TenantryRules.CONTEXTS.stream()).forEach(module -> {
            String handlerOrAny = "io.tenantry." + module;
            assertTrue(
                    classes.stream().anyMatch(c -> c.getPackageName().startsWith(handlerOrAny + ".")),
                    "no class of " + handlerOrAny + " on the classpath: add its module to architecture/pom.xml");
        });
        assertTrue(
                classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.tenantry.architecture")),
                "the fixtures are test classes and must not be imported as main classes");
    }

    @Test
    void noContext_dependsOnAnotherContext() {
        RULES.contextsAreIndependent().check(classes);
    }

    @Test
    void shared_dependsOnNoContext() {
        RULES.sharedImportsNoContext().check(classes);
    }

    @Test
    void deployedCode_dependsOnNoLocalTooling() {
        RULES.deployedCodeImportsNoLocal().check(classes);
    }

    @Test
    void handlers_dependOnNoRepositoryAndNoSdkClient() {
        RULES.handlersOnlyTalkToServices().check(classes);
    }

    @Test
    void functionModules_takeNoFunctionRoleClient() {
        RULES.functionModulesTakeNoFunctionRoleClient().check(classes);
    }

    @Test
    void functionModules_neverScanDynamoDb() {
        RULES.functionModulesDoNotScan().check(classes);
    }
}
