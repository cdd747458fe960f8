package io.tenantry.costexport.pricing;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What one metered operation uses of each priced line, as measured by the cost-model harness
 * ({@code pricing/workload.json}, see docs/cost-model.md): per admitted API request, per media upload processed,
 * per invoice rendered. Compute and storage are metered per tenant directly and are not here.
 */
public record Workload(
        String measuredOn,
        Map<String, BigDecimal> perRequest,
        Map<String, BigDecimal> perMediaUpload,
        Map<String, BigDecimal> perInvoice) {

    public BigDecimal perRequest(String lineId) {
        return perRequest.getOrDefault(lineId, BigDecimal.ZERO);
    }

    public BigDecimal perMediaUpload(String lineId) {
        return perMediaUpload.getOrDefault(lineId, BigDecimal.ZERO);
    }

    public BigDecimal perInvoice(String lineId) {
        return perInvoice.getOrDefault(lineId, BigDecimal.ZERO);
    }
}
