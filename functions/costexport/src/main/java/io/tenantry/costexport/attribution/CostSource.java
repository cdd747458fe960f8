package io.tenantry.costexport.attribution;

import io.tenantry.costexport.usage.UsageTotals;
import java.util.List;

/** Where the period's infrastructure cost comes from, line by line. */
public interface CostSource {
    /** {@code model} or {@code bill}. */
    String kind();

    List<CostLine> lines(UsageTotals totals);
}
