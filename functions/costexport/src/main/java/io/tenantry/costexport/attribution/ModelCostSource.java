package io.tenantry.costexport.attribution;

import io.tenantry.costexport.pricing.PriceFile;
import io.tenantry.costexport.pricing.PriceLine;
import io.tenantry.costexport.pricing.UsageModel;
import io.tenantry.costexport.usage.UsageTotals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cost of the metered use at list prices: each line's quantity times its unit price. */
public final class ModelCostSource implements CostSource {
    private final PriceFile prices;
    private final UsageModel model;

    public ModelCostSource(PriceFile prices, UsageModel model) {
        this.prices = prices;
        this.model = model;
    }

    @Override
    public String kind() {
        return "model";
    }

    @Override
    public List<CostLine> lines(UsageTotals totals) {
        List<CostLine> lines = new ArrayList<>();
        for (PriceLine line : prices.lines()) {
            BigDecimal quantity = model.quantity(totals.asRow(), line.id());
            lines.add(new CostLine(
                    line.id(),
                    line.service(),
                    line.description(),
                    line.unit(),
                    quantity,
                    Optional.of(line.unitPrice()),
                    line.unitPrice().multiply(quantity, MathContext.DECIMAL128),
                    CostLine.Driver.OWN));
        }
        return lines;
    }
}
