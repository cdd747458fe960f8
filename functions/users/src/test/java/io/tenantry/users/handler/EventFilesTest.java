package io.tenantry.users.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.http.ApiHandler;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Every users function in template.yaml answers its sample event as it implies; delete runs last. */
@EmulatedAws
class EventFilesTest {
    static final Map<String, Integer> EXPECTED = Map.of(
            "ListUsersFunction", 200,
            "CreateUserFunction", 201,
            "GetUserFunction", 200,
            "UpdateUserFunction", 200,
            "ResendInvitationFunction", 202,
            "DeleteUserFunction", 204);

    static UsersFixture fixture;
    static List<FunctionUnderTest> functions;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new UsersFixture(aws);
        functions = TemplateFunctions.inPackage(aws.template(), "io.tenantry.users");
        seedTheEventsTenantAndMember();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** The events' tenant (owner: the events' caller) and the member their paths name, still invited. */
    static void seedTheEventsTenantAndMember() {
        APIGatewayV2HTTPEvent event = Events.load("events/users/GetUserFunction.json", APIGatewayV2HTTPEvent.class);
        var access = fixture.tenants.admit(event);
        String userId = event.getPathParameters().get("userId");
        UserDirectory directory = fixture.context.getBean(UserDirectory.class);
        if (fixture.context
                .getBean(io.tenantry.shared.data.TenantItems.class)
                .get(access, UserDirectory.MEMBER_PREFIX + userId)
                .isEmpty()) {
            var writes = directory.membershipItems(
                    access,
                    userId,
                    "linus@example.com",
                    Role.ADMIN,
                    Instant.now().plusSeconds(3600));
            fixture.context.getBean(DynamoDbClient.class).transactWriteItems(b -> b.transactItems(writes));
        }
    }

    @Test
    void everyFunction_answersItsSampleEvent_withTheStatusItImplies() throws Exception {
        assertEquals(
                EXPECTED.keySet(),
                functions.stream().map(FunctionUnderTest::logicalId).collect(Collectors.toSet()));
        List<FunctionUnderTest> deleteLast = functions.stream()
                .sorted(Comparator.comparing(f -> f.logicalId().startsWith("Delete")))
                .toList();
        for (FunctionUnderTest function : deleteLast) {
            ApiHandler handler = (ApiHandler) Class.forName(function.handlerClass())
                    .getConstructor(ApplicationContext.class)
                    .newInstance(fixture.context);
            ApiResult result = ApiResult.call(handler, Events.load(function.eventFile(), APIGatewayV2HTTPEvent.class));
            assertEquals(EXPECTED.get(function.logicalId()), result.status(), function + ": " + result);
        }
    }
}
