package io.tenantry.costexport.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.costexport.pricing.PriceFile;
import io.tenantry.costexport.pricing.PriceFileLoader;
import io.tenantry.costexport.report.HtmlReport;
import io.tenantry.costexport.service.CostExportService;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.metrics.MetricsEmitter;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * The daily cost-per-tenant export (an EventBridge Scheduler {@code ScheduleV2} event; any period when invoked
 * with {@code {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}}). Writes {@code cost-per-tenant.csv}, {@code report.html}
 * and {@code summary.json} to the exports bucket and answers where. A bad payload or price file fails the
 * invocation with the reason, before anything is written; the schedule's retries and dead-letter queue take over.
 */
public class CostExportHandler extends EventHandler<Map<String, Object>, Map<String, Object>> implements Resource {
    @Inject
    CostExportService exports;

    @Inject
    PriceFileLoader prices;

    @Inject
    FunctionMetrics metrics;

    private final InstanceStart start = new InstanceStart();

    public CostExportHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

    public CostExportHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> payload) {
        return metrics.invocation(
                getClass(), start, () -> exports.export(payload).toMap());
    }

    /**
     * Before a SnapStart snapshot: read and check the price and workload files (a bad one fails the deployment's
     * snapshot, not the first night's export), render an empty report and read a payload through the JSON, loading
     * the classes an export uses.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        PriceFile prices = this.prices.prices();
        this.prices.workload(prices);
        HtmlReport.render(new HtmlReport.Heading("", "", "model", prices.version(), 0, 0, 0, 0, 0, true), List.of());
        // A payload's JSON and an answer's, as the stream entry reads and writes them; no export is run.
        writeNowhere(throughJson(Map.of("from", "2026-01-01", "to", "2026-01-01")));
        applicationContext.getBean(MetricsEmitter.class).prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing held before the snapshot is unique to an instance.
    }
}
