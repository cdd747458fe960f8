package io.tenantry.shared.problem;

import io.tenantry.shared.plan.PlanLimits.Quota;

/** 409 {@code quota-exceeded}: a create past the tenant's plan quota; nothing was created. */
public class QuotaExceededException extends ProblemException {
    public QuotaExceededException(Quota quota, long limit) {
        super(
                409,
                "quota-exceeded",
                "Quota exceeded",
                "The tenant's plan allows at most " + limit + " " + quota.wireName() + ".");
    }
}
