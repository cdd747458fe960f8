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

/** {@code cost-per-tenant.csv}: RFC 4180 (CRLF, quotes where needed), the header of ../shared/API.md, a row per tenant. */
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
                    row.usage().tenantId(),
                    row.usage().name(),
                    row.usage().plan(),
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
