package io.tenantry.costexport.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.costexport.repository.CostExportSettings;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped price and workload files read and agree with the template; broken ones are refused by name. */
@EmulatedAws
class PriceFileLoaderIT {
    static ApplicationContext context;
    static PriceFileLoader loader;
    static CostExportSettings settings;
    static AwsEnvironment aws;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        context = ApplicationContext.run(aws.micronautProperties("CostExportFunction"));
        loader = context.getBean(PriceFileLoader.class);
        settings = context.getBean(CostExportSettings.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theShippedPrices_areUsEast1ListPrices_confirmedAndDated() {
        PriceFile prices = loader.prices();
        assertEquals("us-east-1", prices.region());
        assertFalse(prices.freeTiersApplied(), "free tiers are account-wide, never applied per tenant");
        assertTrue(prices.confirmedOn().matches("\\d{4}-\\d{2}-\\d{2}"));
        Map<String, String> expected = Map.of(
                "lambda-requests", "0.20",
                "lambda-duration-arm64", "0.0000133334",
                "apigateway-http-requests", "1.00",
                "dynamodb-read-request-units", "0.125",
                "dynamodb-write-request-units", "0.625",
                "sqs-requests", "0.40",
                "s3-storage", "0.023",
                "s3-put-requests", "0.005",
                "s3-get-requests", "0.0004");
        expected.forEach((id, usd) -> assertEquals(
                0, new BigDecimal(usd).compareTo(prices.line(id).orElseThrow().usd()), id));
        prices.lines().forEach(line -> assertTrue(line.source().startsWith("https://aws.amazon.com/"), line::id));
        Workload workload = loader.workload(prices);
        assertTrue(workload.perRequest("apigateway-http-requests").signum() > 0);
        assertTrue(workload.perRequest("lambda-requests").signum() > 0);
    }

    /** The compute line is the template's architecture and the template's settings point at shipped files. */
    @Test
    void theTemplatesArchitecture_isTheArchitectureThePricesAre() {
        Map<String, String> environment = aws.functionEnvironment("CostExportFunction");
        String computeLine = environment.get("TENANTRY_COST_COMPUTE_LINE");
        Map<?, ?> globals = (Map<?, ?>) aws.template().globals().get("Function");
        String architecture = String.valueOf(((List<?>) globals.get("Architectures")).getFirst());
        assertEquals("lambda-duration-" + architecture, computeLine);
        assertEquals(computeLine, settings.computeLine());
    }

    @Test
    void brokenFiles_areRefused_withTheFileAndFieldNamed(@TempDir Path dir) throws IOException {
        record Case(String json, String message) {}
        String head = "{\"version\":\"v\",\"region\":\"r\",\"currency\":\"USD\",\"confirmedOn\":\"2026-11-22\","
                + "\"freeTiersApplied\":false,";
        String line =
                "{\"id\":\"a\",\"service\":\"S\",\"description\":\"d\",\"unit\":\"u\",\"usd\":\"1\",\"per\":1,\"source\":\"s\"}";
        List<Case> cases = List.of(
                new Case("not json", "is not valid JSON."),
                new Case("[]", "must hold one JSON object."),
                new Case(head + "\"lines\":[]}", "lines must be a non-empty array."),
                new Case(head + "\"lines\":[" + line + "," + line + "]}", "lines[1].id 'a' appears twice."),
                new Case(
                        head + "\"lines\":[" + line.replace("\"usd\":\"1\"", "\"usd\":\"-1\"") + "]}",
                        "lines[0].usd must not be negative: -1."),
                new Case(
                        head + "\"lines\":[" + line.replace("\"per\":1", "\"per\":0.5") + "]}",
                        "lines[0].per must be a whole number of units, 1 or more."),
                new Case(head.replace("USD", "EUR") + "\"lines\":[" + line + "]}", "currency must be USD, not 'EUR'."),
                new Case(
                        head.replace("\"version\":\"v\",", "") + "\"lines\":[" + line + "]}",
                        "version must be a non-empty string."));
        int n = 0;
        for (Case c : cases) {
            Path file = dir.resolve("prices-" + n++ + ".json");
            Files.writeString(file, c.json());
            PriceFileException e =
                    assertThrows(PriceFileException.class, () -> loader.prices(file.toString()), c::json);
            assertEquals(file + ": " + c.message(), e.getMessage());
        }
        Path workload = dir.resolve("workload.json");
        Files.writeString(
                workload, "{\"measuredOn\":\"x\",\"perRequest\":{\"nope\":1},\"perMediaUpload\":{},\"perInvoice\":{}}");
        PriceFileException e =
                assertThrows(PriceFileException.class, () -> loader.workload(workload.toString(), loader.prices()));
        assertTrue(
                e.getMessage().startsWith(workload + ": perRequest.nope names no line of the price file"),
                e.getMessage());
    }
}
