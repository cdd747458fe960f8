package io.tenantry.costexport.model;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an invocation answers: the period, where the files went, and the headline numbers. */
public record ExportResult(
        String from,
        String to,
        String source,
        String bucket,
        List<String> files,
        long activeTenants,
        long deletedTenants,
        BigDecimal totalCostUsd,
        BigDecimal attributedCostUsd,
        boolean balanced,
        String pricesVersion) {

    /** As a map: what the handler returns, so that any Lambda runtime serializes it the same way. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("from", from);
        map.put("to", to);
        map.put("source", source);
        map.put("bucket", bucket);
        map.put("files", files);
        map.put("activeTenants", activeTenants);
        map.put("deletedTenants", deletedTenants);
        map.put("totalCostUsd", totalCostUsd);
        map.put("attributedCostUsd", attributedCostUsd);
        map.put("balanced", balanced);
        map.put("pricesVersion", pricesVersion);
        return map;
    }
}
