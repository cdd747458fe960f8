package io.tenantry.costexport.report;

import io.tenantry.costexport.model.Period;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code cost-per-tenant.csv}: RFC 4180 (CRLF, quotes where needed), the header of ../shared/API.md, a row per tenant.
 * Text cells are neutralised against formula injection ({@link #text}); the numbers the export writes are left as
 * they are.
 */
public final class CsvReport implements AutoCloseable {
    public static final List<String> HEADER = List.of(
            "tenant_id",
            "tenant_name",
            "plan",
            "period_start",
            "period_end",
            "requests",
            "compute_gb_seconds",
            "storage_gb_days",
            "media_processed",
            "invoices_rendered",
            "attributed_cost_usd",
            "naive_cost_usd",
            "cost_share_pct");

    /** What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final Path path;
    private final Period period;
    private final CSVPrinter printer;

    public CsvReport(Period period) {
        this.period = period;
        try {
            this.path = Files.createTempFile("cost-per-tenant-", ".csv");
            BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            this.printer = new CSVPrinter(
                    writer,
                    CSVFormat.RFC4180
                            .builder()
                            .setHeader(HEADER.toArray(String[]::new))
                            .get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(PricedRow row) {
        try {
            printer.printRecord(
                    text(row.usage().tenantId()),
                    text(row.usage().name()),
                    text(row.usage().plan()),
                    period.from().toString(),
                    period.to().toString(),
                    row.usage().requests(),
                    PricedRow.sixDecimals(row.usage().computeGbSeconds()),
                    PricedRow.sixDecimals(row.usage().storageGbDays()),
                    row.usage().mediaProcessed(),
                    row.usage().invoicesRendered(),
                    PricedRow.usd(row.attributedCents()),
                    PricedRow.usd(row.naiveCents()),
                    row.sharePercent().toPlainString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A text cell as a spreadsheet should show it: one that begins with {@code =}, {@code +}, {@code -}, {@code @}, a
     * tab or a carriage return gets a leading single quote, so that Excel, LibreOffice and Google Sheets read it as
     * text rather than as a formula. A tenant names itself, so its name is never trusted to be inert.
     */
    static String text(String cell) {
        if (cell == null || cell.isEmpty() || FORMULA_STARTS.indexOf(cell.charAt(0)) < 0) {
            return cell;
        }
        return "'" + cell;
    }

    /** The finished file. */
    public Path finish() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    @Override
    public void close() {
        try {
            printer.close();
        } catch (IOException e) {
            // Closing twice after finish() is harmless.
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A temporary file.
        }
    }
}
