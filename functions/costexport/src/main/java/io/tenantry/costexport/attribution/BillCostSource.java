package io.tenantry.costexport.attribution;

import io.tenantry.costexport.pricing.PriceFile;
import io.tenantry.costexport.pricing.PriceLine;
import io.tenantry.costexport.pricing.UsageModel;
import io.tenantry.costexport.usage.UsageTotals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An actual bill (USD per service, by Cost and Usage Report product code), split by use. A service's amount is
 * spread over its priced lines in proportion to what the model says each line cost this period (so that, say,
 * Lambda's bill is split between requests and duration as the use was), and each line then by each tenant's
 * quantity. A service the price file does not know, or that no tenant's metered use touched, is split by API
 * requests, or evenly when there were none.
 */
public final class BillCostSource implements CostSource {
    private final PriceFile prices;
    private final UsageModel model;
    private final Map<String, BigDecimal> bill;

    public BillCostSource(PriceFile prices, UsageModel model, Map<String, BigDecimal> bill) {
        this.prices = prices;
        this.model = model;
        this.bill = new TreeMap<>(bill);
    }

    @Override
    public String kind() {
        return "bill";
    }

    @Override
    public List<CostLine> lines(UsageTotals totals) {
        List<CostLine> lines = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> service : bill.entrySet()) {
            BigDecimal amount = service.getValue();
            List<PriceLine> priced = prices.lines().stream()
                    .filter(l -> l.service().equals(service.getKey()))
                    .toList();
            List<BigDecimal> quantities = new ArrayList<>();
            List<BigDecimal> modelled = new ArrayList<>();
            BigDecimal modelledTotal = BigDecimal.ZERO;
            for (PriceLine line : priced) {
                BigDecimal quantity = model.quantity(totals.asRow(), line.id());
                BigDecimal cost = line.unitPrice().multiply(quantity, MathContext.DECIMAL128);
                quantities.add(quantity);
                modelled.add(cost);
                modelledTotal = modelledTotal.add(cost);
            }
            if (modelledTotal.signum() == 0) {
                lines.add(new CostLine(
                        "bill-" + service.getKey(),
                        service.getKey(),
                        "Billed " + service.getKey() + " that no metered use accounts for",
                        "USD",
                        amount,
                        Optional.empty(),
                        amount,
                        totals.requests() > 0 ? CostLine.Driver.REQUESTS : CostLine.Driver.EQUAL));
                continue;
            }
            BigDecimal assigned = BigDecimal.ZERO;
            int last = priced.size() - 1;
            while (last > 0 && modelled.get(last).signum() == 0) {
                last--;
            }
            for (int i = 0; i <= last; i++) {
                BigDecimal cost = i == last
                        ? amount.subtract(assigned)
                        : amount.multiply(modelled.get(i)).divide(modelledTotal, MathContext.DECIMAL128);
                assigned = assigned.add(cost);
                PriceLine line = priced.get(i);
                lines.add(new CostLine(
                        line.id(),
                        line.service(),
                        line.description(),
                        line.unit(),
                        quantities.get(i),
                        Optional.empty(),
                        cost,
                        CostLine.Driver.OWN));
            }
        }
        return lines;
    }
}
