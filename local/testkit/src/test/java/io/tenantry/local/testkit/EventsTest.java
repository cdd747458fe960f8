package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @Test
    void sqsEvent_usesTheRuntimesMixins() {
        SQSEvent event = Events.load(FIXTURES.resolve("sqs-event.json"), SQSEvent.class);
        SQSEvent.SQSMessage message = event.getRecords().get(0);
        assertEquals("arn:aws:sqs:us-east-1:123456789012:invoices", message.getEventSourceArn());
        assertEquals("tenant-1", message.getAttributes().get("MessageGroupId"));
        assertEquals("{\"invoiceId\":\"inv_1\"}", message.getBody());
    }

    @Test
    void scheduledEvent_readsDashedNames() {
        ScheduledEvent event = Events.load(FIXTURES.resolve("scheduled-event.json"), ScheduledEvent.class);
        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals(0L, event.getTime().getMillis());
    }

    @Test
    void httpApiEvent_fromTheRepositorysEventsFolder() {
        APIGatewayV2HTTPEvent event =
                Events.load("events/tenants/CreateTenantFunction.json", APIGatewayV2HTTPEvent.class);
        assertEquals("POST /v1/tenants", event.getRouteKey());
        assertEquals(
                "ada@example.com",
                event.getRequestContext().getAuthorizer().getJwt().getClaims().get("email"));
        assertNotNull(event.getBody());
    }

    @Test
    void allEventFiles_listsEveryJsonFileAndEachParses() {
        List<Path> files = Events.allEventFiles();
        assertFalse(files.isEmpty());
        files.forEach(file -> {
            assertTrue(file.toString().endsWith(".json"), file.toString());
            assertNotNull(Events.load(file, Map.class), file.toString());
        });
    }

    @Test
    void allEventFiles_ofAMissingFolder_isEmpty(@TempDir Path dir) {
        assertEquals(List.of(), Events.allEventFiles(dir.resolve("none")));
    }

    @Test
    void allEventFiles_walksSubfoldersInOrder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("b/two.json"), "{}");
        Files.writeString(dir.resolve("a.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "x");
        assertEquals(List.of(dir.resolve("a.json"), dir.resolve("b/two.json")), Events.allEventFiles(dir));
    }

    @Test
    void malformedEvent_failsNamingTheFile(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"Records\": [");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Events.load(broken, SQSEvent.class));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    }
}
