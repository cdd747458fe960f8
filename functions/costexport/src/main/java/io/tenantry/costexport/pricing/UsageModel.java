package io.tenantry.costexport.pricing;

import io.tenantry.costexport.usage.TenantRow;
import java.math.BigDecimal;

/**
 * How much of each priced line a tenant's metered use amounts to: requests, media uploads and invoices times what
 * one of each uses (the measured workload), compute in GB-seconds on the compute line, storage in GB-months on the
 * storage line. Linear, so the lines of the totals are the sums of the tenants' lines.
 */
public record UsageModel(Workload workload, String computeLine, String storageLine) {

    public BigDecimal quantity(TenantRow row, String lineId) {
        BigDecimal quantity = workload.perRequest(lineId)
                .multiply(BigDecimal.valueOf(row.requests()))
                .add(workload.perMediaUpload(lineId).multiply(BigDecimal.valueOf(row.mediaProcessed())))
                .add(workload.perInvoice(lineId).multiply(BigDecimal.valueOf(row.invoicesRendered())));
        if (lineId.equals(computeLine)) {
            quantity = quantity.add(row.computeGbSeconds());
        }
        if (lineId.equals(storageLine)) {
            quantity = quantity.add(row.storageGbMonths());
        }
        return quantity;
    }
}
