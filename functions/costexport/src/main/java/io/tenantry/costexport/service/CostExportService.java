package io.tenantry.costexport.service;

import io.micronaut.json.JsonMapper;
import io.tenantry.costexport.attribution.Attribution;
import io.tenantry.costexport.attribution.BillCostSource;
import io.tenantry.costexport.attribution.BillCsv;
import io.tenantry.costexport.attribution.CostSource;
import io.tenantry.costexport.attribution.LargestRemainder;
import io.tenantry.costexport.attribution.ModelCostSource;
import io.tenantry.costexport.model.ExportRequest;
import io.tenantry.costexport.model.ExportResult;
import io.tenantry.costexport.model.InvalidExportRequestException;
import io.tenantry.costexport.model.Period;
import io.tenantry.costexport.pricing.PriceFile;
import io.tenantry.costexport.pricing.PriceFileLoader;
import io.tenantry.costexport.pricing.UsageModel;
import io.tenantry.costexport.pricing.Workload;
import io.tenantry.costexport.report.CsvReport;
import io.tenantry.costexport.report.DeletedTenants;
import io.tenantry.costexport.report.HtmlReport;
import io.tenantry.costexport.report.PricedRow;
import io.tenantry.costexport.report.SummaryJson;
import io.tenantry.costexport.report.TopTenants;
import io.tenantry.costexport.repository.CostExportSettings;
import io.tenantry.costexport.repository.ExportStore;
import io.tenantry.costexport.usage.SpillFile;
import io.tenantry.costexport.usage.UsageCollector;
import io.tenantry.costexport.usage.UsageTotals;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export, in passes: check the prices (before anything is read), read every active tenant's usage into a spill
 * file, price the totals, plan the rounding over the spill file, then write the CSV row by row while keeping the
 * report's top tenants, and put the three files, summary last.
 */
@Singleton
public final class CostExportService {
    private static final Logger LOG = LoggerFactory.getLogger(CostExportService.class);
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final PriceFileLoader loader;
    private final UsageCollector collector;
    private final ExportStore store;
    private final CostExportSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    public CostExportService(
            PriceFileLoader loader,
            UsageCollector collector,
            ExportStore store,
            CostExportSettings settings,
            JsonMapper json,
            Clock clock) {
        this.loader = loader;
        this.collector = collector;
        this.store = store;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /** The prefix of a period's files: {@code cost-per-tenant/YYYY/MM/DD/}, the period's last day. */
    public static String prefix(Period period) {
        return CostExportSettings.PREFIX + DAY_PATH.format(period.to()) + "/";
    }

    public ExportResult export(Map<String, Object> payload) {
        ExportRequest request = ExportRequest.parse(payload, clock.instant());
        PriceFile prices = loader.prices();
        Workload workload = loader.workload(prices);
        String bucket = store.bucket();
        Optional<Map<String, BigDecimal>> bill =
                request.bill().or(() -> request.billKey().map(this::bill));
        UsageModel model = new UsageModel(workload, settings.computeLine(), settings.storageLine());
        Period period = request.period();
        long started = System.nanoTime();
        try (SpillFile spill = new SpillFile();
                CsvReport csv = new CsvReport(period)) {
            UsageTotals totals = collector.collect(period, spill);
            CostSource source = bill.<CostSource>map(b -> new BillCostSource(prices, model, b))
                    .orElseGet(() -> new ModelCostSource(prices, model));
            Attribution attribution = new Attribution(source.lines(totals), model, totals);
            LargestRemainder rounding = LargestRemainder.plan(
                    shares -> spill.forEach(row -> shares.accept(attribution.shareCents(attribution.exactUsd(row)))),
                    attribution.attributableCents());

            TopTenants top = new TopTenants(settings.reportTop());
            DeletedTenants deleted = new DeletedTenants();
            long naive = attribution.naiveCents();
            long[] attributed = {0};
            BigDecimal[] compute = {BigDecimal.ZERO};
            BigDecimal[] storage = {BigDecimal.ZERO};
            long[] media = {0};
            long[] invoices = {0};
            spill.forEach(row -> {
                BigDecimal exact = attribution.exactUsd(row);
                PricedRow priced = new PricedRow(
                        row, rounding.cents(attribution.shareCents(exact)), naive, attribution.sharePercent(exact));
                csv.write(priced);
                top.offer(priced);
                deleted.offer(priced);
                attributed[0] += priced.attributedCents();
                compute[0] = compute[0].add(row.computeGbSeconds(), MathContext.DECIMAL128);
                storage[0] = storage[0].add(row.storageGbDays(), MathContext.DECIMAL128);
                media[0] += row.mediaProcessed();
                invoices[0] += row.invoicesRendered();
            });
            boolean balanced = attributed[0] == attribution.attributableCents();
            if (!balanced) {
                throw new IllegalStateException("The attributed costs add up to " + attributed[0] + " cents, not the "
                        + attribution.attributableCents() + " attributable: nothing written.");
            }

            String prefix = prefix(period);
            Map<String, String> files = new LinkedHashMap<>();
            files.put("csv", prefix + "cost-per-tenant.csv");
            files.put("report", prefix + "report.html");
            files.put("summary", prefix + "summary.json");
            SummaryJson.Totals sums = new SummaryJson.Totals(
                    totals.tenants(), totals.requests(), compute[0], storage[0], media[0], invoices[0], attributed[0]);
            Map<String, Object> summary = SummaryJson.build(
                    new SummaryJson.Inputs(
                            period,
                            clock.instant(),
                            source.kind(),
                            bill,
                            request.billKey(),
                            prices,
                            workload,
                            settings.workloadFile(),
                            settings.computeLine(),
                            settings.storageLine()),
                    attribution,
                    sums,
                    deleted,
                    files);
            byte[] report = HtmlReport.render(
                    new HtmlReport.Heading(
                            period.from().toString(),
                            period.to().toString(),
                            source.kind(),
                            prices.version(),
                            totals.tenants(),
                            deleted.count(),
                            attribution.totalCents(),
                            attributed[0],
                            naive,
                            balanced),
                    top.sorted());
            store.putAll(List.of(
                    ExportStore.ExportFile.of(
                            files.get("csv"), "text/csv; charset=utf-8; header=present", csv.finish()),
                    ExportStore.ExportFile.of(files.get("report"), "text/html; charset=utf-8", report),
                    ExportStore.ExportFile.of(files.get("summary"), "application/json", json(summary))));
            LOG.info(
                    "Exported cost per tenant for {} to {}: {} tenants, {} cents, source {}, {} ms",
                    period.from(),
                    period.to(),
                    totals.tenants(),
                    attribution.totalCents(),
                    source.kind(),
                    (System.nanoTime() - started) / 1_000_000);
            return new ExportResult(
                    period.from().toString(),
                    period.to().toString(),
                    source.kind(),
                    bucket,
                    List.copyOf(files.values()),
                    totals.tenants(),
                    deleted.count(),
                    BigDecimal.valueOf(attribution.totalCents(), 2),
                    BigDecimal.valueOf(attributed[0], 2),
                    balanced,
                    prices.version());
        }
    }

    private Map<String, BigDecimal> bill(String key) {
        byte[] csv = store.read(key)
                .orElseThrow(() -> new InvalidExportRequestException(
                        "billKey: no object " + key + " in the exports bucket " + store.bucket() + "."));
        return BillCsv.parse(key, csv);
    }

    private byte[] json(Map<String, Object> summary) {
        try {
            return json.writeValueAsBytes(summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
