package io.tenantry.users.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.testing.EventFilesSuite;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Every users function answers its sample event as it implies; delete runs last. */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.users");
    }

    /** Resending an invitation is accepted, not done: the mail goes out later. */
    @Override
    protected Map<String, Integer> statusOverrides() {
        return Map.of("ResendInvitationFunction", 202);
    }

    /** The events' tenant (owner: the events' caller) and the member their paths name, still invited. */
    @Override
    protected void seed() {
        APIGatewayV2HTTPEvent event = Events.load("events/users/GetUserFunction.json", APIGatewayV2HTTPEvent.class);
        var access = tenants().admit(event);
        String userId = event.getPathParameters().get("userId");
        if (context()
                .getBean(TenantItems.class)
                .get(access, UserDirectory.MEMBER_PREFIX + userId)
                .isEmpty()) {
            var writes = context()
                    .getBean(UserDirectory.class)
                    .membershipItems(
                            access,
                            userId,
                            "linus@example.com",
                            Role.ADMIN,
                            Instant.now().plusSeconds(3600));
            context().getBean(DynamoDbClient.class).transactWriteItems(b -> b.transactItems(writes));
        }
    }
}
