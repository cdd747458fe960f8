package io.tenantry.costexport.pricing;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One priced line of the AWS bill: {@code usd} per {@code per} units of {@code unit}, for the service whose
 * Cost and Usage Report product code is {@code service}, with where the price was read.
 */
public record PriceLine(
        String id, String service, String description, String unit, BigDecimal usd, long per, String source) {

    /** The price of one unit, exact to 34 significant digits. */
    public BigDecimal unitPrice() {
        return usd.divide(BigDecimal.valueOf(per), MathContext.DECIMAL128);
    }
}
