package io.tenantry.metering.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.emulators.LambdaSerialization;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.json.EventJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The usage aggregator reads its CloudWatch Logs delivery itself ({@link CloudWatchLogsJson}): under Lambda's name
 * {@code awslogs}, as the runtime's own serialiser ({@link LambdaSerialization}) reads it.
 */
class CloudWatchLogsJsonTest {
    static ApplicationContext context;
    static EventJson json;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        json = context.getBean(EventJson.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theRepositorysDelivery_readsAsTheRuntimeReadsIt() throws IOException {
        String file = "events/metering/UsageLogFunction.json";

        CloudWatchLogsEvent ours = json.read(
                new ByteArrayInputStream(Events.json(file).getBytes(StandardCharsets.UTF_8)),
                CloudWatchLogsEvent.class);

        assertEquals(Events.load(file, CloudWatchLogsEvent.class), ours);
        assertTrue(ours.getAwsLogs().getData().startsWith("H4sI"), ours::toString);
    }
}
