package io.tenantry.costexport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.testing.EventFilesSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The export's sample event is what its schedule sends (the template's {@code Input}), and the handler answers it
 * with the previous UTC day's files, written to the exports bucket.
 */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.costexport");
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void answers(FunctionUnderTest function, Object handler) throws IOException {
        String event = Files.readString(function.eventFile());
        FunctionEvent.Schedule schedule = aws().template()
                .functions()
                .get(function.logicalId())
                .events(FunctionEvent.Schedule.class)
                .getFirst();
        assertEquals("ScheduleV2", schedule.type());
        JsonMapper json = context().getBean(JsonMapper.class);
        assertEquals(
                json.readValue(schedule.input(), Map.class), json.readValue(event, Map.class), "the file is the Input");

        Map<String, Object> result = ((CostExportHandler) handler).execute(json.readValue(event, Map.class));
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        assertEquals(yesterday.toString(), result.get("from"));
        assertEquals(yesterday.toString(), result.get("to"));
        String report = ((List<String>) result.get("files")).get(2);
        String bucket = aws().resources().bucketName("ExportsBucket");
        byte[] written =
                aws().s3().getObjectAsBytes(b -> b.bucket(bucket).key(report)).asByteArray();
        assertTrue(written.length > 0, report);
    }
}
