package io.tenantry.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.ViolationHandler;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link TenantryRules}, pointed at the fixtures' root, reports exactly the violations planted in
 * {@code io.tenantry.architecture.fixtures} and none of the compliant twins beside them: a rule that cannot fail,
 * or that fails on everything, does not pass here. A violation is written {@code origin -> target}, names
 * relative to the fixtures' root.
 */
class PlantedViolationsTest {
    private static final String ROOT = "io.tenantry.architecture.fixtures";
    private static final TenantryRules RULES = new TenantryRules(ROOT);
    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importPackages(ROOT);
    }

    @Test
    void contextRule_reportsExactlyTheContextThatImportsAnother() {
        assertEquals(
                Set.of("projects.service.CrossContextService -> tenants.model.FixtureTenant"),
                violations(RULES.contextsAreIndependent()));
    }

    @Test
    void sharedRule_reportsExactlySharedImportingAContext() {
        assertEquals(
                Set.of("shared.LeakyShared -> billing.model.FixtureInvoice"),
                violations(RULES.sharedImportsNoContext()));
    }

    @Test
    void localRule_reportsExactlyTheDeployedClassesImportingLocal_andNotLocalImportingAContext() {
        assertEquals(
                Set.of(
                        "media.service.LocalAwareMediaService -> local.FixtureEmulator",
                        "shared.LocalAwareShared -> local.FixtureEmulator"),
                violations(RULES.deployedCodeImportsNoLocal()));
    }

    @Test
    void handlerRule_reportsExactlyTheHandlersReachingARepositoryOrAnSdkClient() {
        assertEquals(
                Set.of(
                        "projects.handler.LeakyProjectHandler -> projects.repository.FixtureProjectRepository",
                        "projects.handler.SdkProjectHandler -> software.amazon.awssdk.services.s3.S3Client"),
                violations(RULES.handlersOnlyTalkToServices()));
    }

    @Test
    void functionRoleRule_reportsExactlyTheContextFieldAndParameter_andNotShared() {
        assertEquals(
                Set.of(
                        "users.repository.FunctionRoleFieldRepository.dynamoDb",
                        "users.repository.FunctionRoleMemberRepository.<init> parameter 0"),
                violations(RULES.functionModulesTakeNoFunctionRoleClient()));
    }

    @Test
    void scanRule_reportsExactlyTheScanCallAndMethodReference_andNotTheQuery() {
        assertEquals(
                Set.of(
                        "projects.repository.ScanningProjectRepository -> "
                                + "software.amazon.awssdk.services.dynamodb.DynamoDbClient.scan",
                        "projects.repository.ScanningProjectRepository -> "
                                + "software.amazon.awssdk.services.dynamodb.DynamoDbClient.scanPaginator"),
                violations(RULES.functionModulesDoNotScan()));
    }

    @Test
    void jsonRule_reportsExactlyThePlainRequestHandler_andNotTheStreamingOne() {
        assertEquals(Set.of("projects.handler.PlainProjectHandler"), violations(RULES.handlersReadTheirOwnJson()));
    }

    @Test
    void itRule_reportsExactlyTheEmulatedTestsNamedTest_directOrThroughASuite_andNotUnitTestsOrSuites() {
        assertEquals(
                Set.of(
                        "media.handler.ExtendedMediaTest",
                        "projects.handler.EmulatedProjectsTest",
                        "users.handler.InheritedSuiteTest"),
                violations(RULES.emulatorBackedTestsAreNamedIT()));
    }

    /** The rule's violations over the fixtures, one line per offending origin and target. */
    private static Set<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(fixtures);
        Set<String> found = new TreeSet<>();
        result.handleViolations((ViolationHandler<Object>) (Collection<Object> objects, String message) -> {
            for (Object object : objects) {
                found.add(describe(object, message));
            }
        });
        return found;
    }

    private static String describe(Object violating, String message) {
        if (violating instanceof Dependency dependency) {
            return name(dependency.getOriginClass()) + " -> " + name(dependency.getTargetClass());
        }
        if (violating instanceof JavaAccess<?> access) {
            return name(access.getOriginOwner()) + " -> " + name(access.getTargetOwner()) + "." + access.getName();
        }
        if (violating instanceof JavaClass type) {
            return name(type);
        }
        if (violating instanceof JavaField field) {
            return name(field.getOwner()) + "." + field.getName();
        }
        if (violating instanceof JavaParameter parameter) {
            return name(parameter.getOwner().getOwner()) + "."
                    + parameter.getOwner().getName() + " parameter " + parameter.getIndex();
        }
        return "unexpected " + violating.getClass().getSimpleName() + ": " + message;
    }

    private static String name(JavaClass type) {
        String name = type.getName();
        return name.startsWith(ROOT + ".") ? name.substring(ROOT.length() + 1) : name;
    }
}
