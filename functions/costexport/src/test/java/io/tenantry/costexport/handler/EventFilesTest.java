package io.tenantry.costexport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The export's sample event is what its schedule sends (the template's {@code Input}), and the handler answers it
 * with the previous UTC day's files.
 */
@EmulatedAws
class EventFilesTest {
    @Test
    @SuppressWarnings("unchecked")
    void theScheduledEvent_isTheSchedulesInput_andExportsYesterday(AwsEnvironment aws) throws IOException {
        List<FunctionUnderTest> functions = TemplateFunctions.inPackage(aws.template(), "io.tenantry.costexport");
        assertEquals(
                List.of("CostExportFunction"),
                functions.stream().map(FunctionUnderTest::logicalId).toList());
        String event = Files.readString(functions.getFirst().eventFile());
        FunctionEvent.Schedule schedule = aws.template()
                .functions()
                .get("CostExportFunction")
                .events(FunctionEvent.Schedule.class)
                .getFirst();
        assertEquals("ScheduleV2", schedule.type());
        try (ExportFixture fixture = new ExportFixture(aws, Map.of())) {
            JsonMapper json = fixture.context.getBean(JsonMapper.class);
            assertEquals(
                    json.readValue(schedule.input(), Map.class),
                    json.readValue(event, Map.class),
                    "the file is the Input");
            Map<String, Object> result = fixture.handler.execute(json.readValue(event, Map.class));
            LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            assertEquals(yesterday.toString(), result.get("from"));
            assertEquals(yesterday.toString(), result.get("to"));
            assertTrue(
                    fixture.object(((List<String>) result.get("files")).get(2)).isPresent());
        }
    }
}
