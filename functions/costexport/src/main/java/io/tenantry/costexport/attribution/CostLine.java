package io.tenantry.costexport.attribution;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One line of the period's infrastructure cost and how it is split: {@code OWN} by each tenant's quantity of the
 * line (its use of that service), {@code REQUESTS} by each tenant's share of API requests (billed cost of a service
 * nothing meters, such as CloudWatch), {@code EQUAL} evenly (a cost no tenant can be tied to by use).
 */
public record CostLine(
        String id,
        String service,
        String description,
        String unit,
        BigDecimal quantity,
        Optional<BigDecimal> unitPriceUsd,
        BigDecimal costUsd,
        Driver driver) {

    public enum Driver {
        OWN,
        REQUESTS,
        EQUAL
    }
}
