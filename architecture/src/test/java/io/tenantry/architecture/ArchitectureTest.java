package io.tenantry.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link TenantryRules} over the real main classes of shared and every function module (this
 * module's test classpath, test classes left out), and the test-naming rule over their test classes. Each rule has a twin in {@link PlantedViolationsTest} that
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

    /**
     * The modules whose test classes rule 6 reads, from their {@code target/test-classes} (built before this
     * module in the reactor: {@code -am}). local/backend and local/invoke are left out for now.
     */
    static final List<String> TESTED_MODULES = Stream.concat(
                    Stream.of("shared", "local/emulators", "local/testkit"),
                    TenantryRules.CONTEXTS.stream().map(c -> "functions/" + c))
            .toList();

    @Test
    void emulatorBackedTests_areNamedIT() {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        List<Path> testClasses = TESTED_MODULES.stream()
                .map(m -> root.resolve(m).resolve("target/test-classes"))
                .toList();
        for (Path dir : testClasses) {
            assertTrue(Files.isDirectory(dir), dir + " is missing: build its module's tests first (-am)");
        }
        JavaClasses tests = new ClassFileImporter().importPaths(testClasses);
        assertFalse(
                tests.stream().noneMatch(c -> c.getSimpleName().endsWith("IT")),
                "no *IT class imported from " + testClasses);
        RULES.emulatorBackedTestsAreNamedIT().check(tests);
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

    @Test
    void everyHandler_readsItsOwnJson() {
        RULES.handlersReadTheirOwnJson().check(classes);
    }
}
