package io.tenantry.shared.plan;

/** What a plan allows: sustained requests per second per tenant, and the burst (twice that). */
public record PlanLimits(int requestsPerSecond, int burst) {

    public static PlanLimits of(Plan plan) {
        int rate = switch (plan) {
            case FREE -> 10;
            case PRO -> 100;
            case ENTERPRISE -> 1000;
        };
        return new PlanLimits(rate, 2 * rate);
    }
}
