package io.tenantry.costexport.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.costexport.model.Period;
import io.tenantry.costexport.usage.TenantRow;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The CSV as a spreadsheet opens it: text cells that a spreadsheet would run as a formula are made inert. */
class CsvReportTest {
    static final Period DAY = new Period(LocalDate.of(2024, 6, 11), LocalDate.of(2024, 6, 11));

    static TenantRow tenant(String id, String name, String plan) {
        return new TenantRow(id, name, plan, false, Optional.empty(), 12, 1024, 0, BigDecimal.ZERO, 0, 0);
    }

    static List<CSVRecord> written(PricedRow... rows) throws IOException {
        try (CsvReport report = new CsvReport(DAY)) {
            for (PricedRow row : rows) {
                report.write(row);
            }
            String text = Files.readString(report.finish(), StandardCharsets.UTF_8);
            return CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(new StringReader(text))
                    .getRecords();
        }
    }

    static PricedRow priced(TenantRow row) {
        return new PricedRow(row, 221, 107, new BigDecimal("68.6335"));
    }

    @Test
    void tenantNames_thatASpreadsheetWouldRunAsAFormula_getALeadingQuote() throws IOException {
        List<String> names =
                List.of("=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "Acme, \"the\" first");
        PricedRow[] rows = names.stream()
                .map(name -> priced(tenant("ten_" + names.indexOf(name), name, "pro")))
                .toArray(PricedRow[]::new);

        List<CSVRecord> records = written(rows);

        assertEquals(
                List.of(
                        "'=HYPERLINK(\"http://x\",\"y\")",
                        "'+1",
                        "'-1",
                        "'@SUM(A1)",
                        "'\tx",
                        "'\rx",
                        "Acme, \"the\" first"),
                records.stream().map(r -> r.get("tenant_name")).toList());
    }

    @Test
    void aNormalNameAndAnErasedName_areWrittenAsTheyAre() throws IOException {
        List<CSVRecord> records =
                written(priced(tenant("ten_01", "Beta Corp", "free")), priced(tenant("ten_02", "", "")));

        assertEquals("Beta Corp", records.get(0).get("tenant_name"));
        assertEquals("free", records.get(0).get("plan"));
        assertEquals("ten_01", records.get(0).get("tenant_id"));
        assertEquals("", records.get(1).get("tenant_name"));
        assertEquals("", records.get(1).get("plan"));
    }

    @Test
    void theIdAndPlanCells_areNeutralisedToo() throws IOException {
        CSVRecord record = written(priced(tenant("=cmd", "Acme", "@plan"))).get(0);

        assertEquals("'=cmd", record.get("tenant_id"));
        assertEquals("'@plan", record.get("plan"));
    }

    /** The export's own numbers are never quoted, even one that begins with a minus sign. */
    @Test
    void numbersTheExportWrites_areLeftAlone_evenNegativeOnes() throws IOException {
        CSVRecord record = written(new PricedRow(tenant("ten_01", "-1", "pro"), -5, -107, new BigDecimal("-0.5000")))
                .get(0);

        assertEquals("'-1", record.get("tenant_name"));
        assertEquals("-0.05", record.get("attributed_cost_usd"));
        assertEquals("-1.07", record.get("naive_cost_usd"));
        assertEquals("-0.5000", record.get("cost_share_pct"));
        assertEquals("12", record.get("requests"));
        assertEquals("2024-06-11", record.get("period_start"));
    }
}
