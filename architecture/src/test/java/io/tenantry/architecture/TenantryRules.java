package io.tenantry.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.tenantry.local.testkit.AwsEmulatorsExtension;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.aws.AwsClientFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tenantry's layering as ArchUnit rules, over a package root: {@code io.tenantry} for the real classes, the
 * fixtures' root for the planted violations that prove each rule can fail ({@code PlantedViolationsTest}). Under
 * the root: one package per bounded context (a function module), {@code shared} (the shared kernel) and
 * {@code local} (tooling that is never deployed).
 */
final class TenantryRules {
    /** The bounded contexts, one per function module: {@code <root>.<context>}. */
    static final List<String> CONTEXTS = List.of(
            "identity",
            "tenants",
            "projects",
            "users",
            "media",
            "billing",
            "costexport",
            "deploys",
            "notifications",
            "webhooks",
            "outbox",
            "metering");

    /** DynamoDB clients whose Scan no function module may call. */
    private static final Set<String> DYNAMO_DB_CLIENTS = Set.of(
            "software.amazon.awssdk.services.dynamodb.DynamoDbClient",
            "software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient");

    private static final Set<String> SCAN_METHODS = Set.of("scan", "scanPaginator");

    private final String root;

    TenantryRules(String root) {
        this.root = root;
    }

    /** {@code <root>.<context>..} for every context. */
    String[] contextPackages() {
        return CONTEXTS.stream().map(c -> root + "." + c + "..").toArray(String[]::new);
    }

    String sharedPackage() {
        return root + ".shared..";
    }

    /** Shared and every function module: what a Lambda artifact holds. */
    String[] deployedPackages() {
        return Stream.concat(Arrays.stream(contextPackages()), Stream.of(sharedPackage()))
                .toArray(String[]::new);
    }

    /** Rule 1: a bounded context never depends on another one; what two contexts share lives in shared. */
    ArchRule contextsAreIndependent() {
        return classes()
                .that()
                .resideInAnyPackage(contextPackages())
                .should(new ArchCondition<JavaClass>("depend on no other bounded context") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        Optional<String> own = contextOf(origin);
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            Optional<String> other = contextOf(dependency.getTargetClass());
                            if (other.isPresent() && !other.equals(own)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .as("No bounded context depends on another bounded context")
                .because("each function module deploys alone; what two contexts share belongs in shared");
    }

    /** Rule 2: the shared kernel knows no context. */
    ArchRule sharedImportsNoContext() {
        return noClasses()
                .that()
                .resideInAPackage(sharedPackage())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(contextPackages())
                .as("The shared kernel depends on no bounded context")
                .because("every function module ships shared; a context in it would ship everywhere");
    }

    /** Rule 3: nothing deployed depends on local tooling (emulators, test kit, invoker, local backend). */
    ArchRule deployedCodeImportsNoLocal() {
        return noClasses()
                .that()
                .resideInAnyPackage(deployedPackages())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root + ".local..")
                .as("Nothing deployed (shared, the function modules) depends on " + root + ".local")
                .because("local tooling is in no Lambda artifact: such a class would fail to load there");
    }

    /**
     * Rule 4: handlers talk to services. A handler (HTTP or queue worker) parses, calls its context's service and
     * maps the result; storage and the AWS SDK are behind the service. Queue handlers follow the same rule: the
     * worker service owns what the handler would need from a repository (e.g. the dead-letter queue's URL).
     */
    ArchRule handlersOnlyTalkToServices() {
        String[] handlers =
                CONTEXTS.stream().map(c -> root + "." + c + ".handler..").toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAnyPackage(handlers)
                .should()
                .dependOnClassesThat(resideInAPackage("..repository..")
                        .or(resideInAPackage("software.amazon.awssdk.."))
                        .as("reside in a repository package or in the AWS SDK"))
                .as("Handlers depend on no repository and on no AWS SDK class")
                .because("a handler parses, calls its context's service and maps the result (docs/architecture.md)");
    }

    /**
     * Rule 5a: a function module never takes a bean qualified {@code @Named("function-role")} (field, constructor
     * or method parameter): that role reaches every tenant's keys and is reserved for the shared kernel's identity,
     * rate-limit and metering code; a context reaches the table through the tenant-scoped default clients.
     */
    ArchRule functionModulesTakeNoFunctionRoleClient() {
        return classes()
                .that()
                .resideInAnyPackage(contextPackages())
                .should(new ArchCondition<JavaClass>("take no bean named " + AwsClientFactory.FUNCTION_ROLE) {
                    @Override
                    public void check(JavaClass owner, ConditionEvents events) {
                        for (JavaField field : owner.getFields()) {
                            if (namedFunctionRole(field)) {
                                events.add(SimpleConditionEvent.violated(
                                        field, field.getFullName() + " is @Named(FUNCTION_ROLE)"));
                            }
                        }
                        for (JavaCodeUnit unit : owner.getCodeUnits()) {
                            for (JavaParameter parameter : unit.getParameters()) {
                                if (namedFunctionRole(parameter)) {
                                    events.add(SimpleConditionEvent.violated(
                                            parameter,
                                            "parameter " + parameter.getIndex() + " of " + unit.getFullName()
                                                    + " is @Named(FUNCTION_ROLE)"));
                                }
                            }
                        }
                    }
                })
                .as("No function module takes the client named " + AwsClientFactory.FUNCTION_ROLE)
                .because("the function's own role is for the shared kernel's identity and metering code;"
                        + " a context reaches DynamoDB and S3 only with its tenant's scoped credentials");
    }

    /** Rule 5b: no function module calls DynamoDB's Scan (the tenant roles never get it). */
    ArchRule functionModulesDoNotScan() {
        return noClasses()
                .that()
                .resideInAnyPackage(contextPackages())
                .should()
                .accessTargetWhere(DescribedPredicate.describe(
                        "a DynamoDB Scan",
                        (JavaAccess<?> access) -> DYNAMO_DB_CLIENTS.contains(
                                        access.getTargetOwner().getName())
                                && SCAN_METHODS.contains(access.getName())))
                .as("No function module scans DynamoDB")
                .because("the tenant roles allow no keyless Scan: one would be refused in production");
    }

    /**
     * Rule 6 (over test classes): a test class run against the emulators, {@code @EmulatedAws} on it or on a
     * superclass (or the extension named in an {@code @ExtendWith}), is an integration test and named {@code *IT}:
     * failsafe runs it and the moto pass reruns it. {@code *Test} is for unit tests (surefire), which start
     * nothing. Abstract suites are left to the classes that extend them.
     */
    ArchRule emulatorBackedTestsAreNamedIT() {
        return classes()
                .that(DescribedPredicate.describe(
                        "run against the emulators (@EmulatedAws on them or a superclass)",
                        TenantryRules::runsAgainstTheEmulators))
                .and()
                .areTopLevelClasses()
                .and()
                .doNotHaveModifier(JavaModifier.ABSTRACT)
                .and()
                .resideInAPackage(root + "..")
                .should()
                .haveSimpleNameEndingWith("IT")
                .as("Test classes run against the emulators are named *IT")
                .because("failsafe runs the integration tests and .ci/moto-pass.sh reruns them against moto;"
                        + " *Test is for unit tests, run by surefire");
    }

    /**
     * Rule 7: every Lambda handler of a context reads its own JSON: a {@code RequestHandler} is also a {@code
     * RequestStreamHandler} (it extends {@code ApiHandler}, {@code QueueHandler} or {@code EventHandler}), which Lambda's
     * runtime calls with the event's bytes.
     */
    ArchRule handlersReadTheirOwnJson() {
        return classes()
                .that()
                .resideInAnyPackage(contextPackages())
                .and()
                .areAssignableTo(RequestHandler.class)
                .and()
                .doNotHaveModifier(JavaModifier.ABSTRACT)
                .should()
                .beAssignableTo(RequestStreamHandler.class)
                .as("Every Lambda handler of a context is a RequestStreamHandler")
                .because("given a plain RequestHandler, Lambda's runtime builds a Jackson deserialiser of its event"
                        + " class by reflection while the function initialises (docs/architecture.md)");
    }

    /** Every rule, for tests that run them all. */
    List<ArchRule> all() {
        return List.of(
                contextsAreIndependent(),
                sharedImportsNoContext(),
                deployedCodeImportsNoLocal(),
                handlersOnlyTalkToServices(),
                functionModulesTakeNoFunctionRoleClient(),
                functionModulesDoNotScan(),
                handlersReadTheirOwnJson(),
                emulatorBackedTestsAreNamedIT());
    }

    /** {@code @EmulatedAws} (or an annotation carrying it) or {@code @ExtendWith(AwsEmulatorsExtension)}, on it or a superclass. */
    private static boolean runsAgainstTheEmulators(JavaClass type) {
        return Stream.concat(Stream.of(type), type.getAllRawSuperclasses().stream())
                .anyMatch(c -> c.isAnnotatedWith(EmulatedAws.class)
                        || c.isMetaAnnotatedWith(EmulatedAws.class)
                        || c.getAnnotations().stream().anyMatch(TenantryRules::extendsWithTheEmulators));
    }

    private static boolean extendsWithTheEmulators(JavaAnnotation<?> annotation) {
        return annotation.getRawType().getName().equals("org.junit.jupiter.api.extension.ExtendWith")
                && annotation
                        .get("value")
                        .filter(value -> value instanceof JavaClass[] types
                                && Arrays.stream(types)
                                        .anyMatch(t -> t.getName().equals(AwsEmulatorsExtension.class.getName())))
                        .isPresent();
    }

    private Optional<String> contextOf(JavaClass type) {
        String name = type.getBaseComponentType().getPackageName();
        return CONTEXTS.stream()
                .filter(c -> name.equals(root + "." + c) || name.startsWith(root + "." + c + "."))
                .findFirst();
    }

    /** {@code @Named("function-role")}, jakarta's or javax's. */
    private static boolean namedFunctionRole(HasAnnotations<?> annotated) {
        for (JavaAnnotation<?> annotation : annotated.getAnnotations()) {
            if (annotation.getRawType().getSimpleName().equals("Named")
                    && annotation
                            .get("value")
                            .filter(AwsClientFactory.FUNCTION_ROLE::equals)
                            .isPresent()) {
                return true;
            }
        }
        return false;
    }
}
