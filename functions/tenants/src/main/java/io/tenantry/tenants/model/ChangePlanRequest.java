package io.tenantry.tenants.model;

import io.tenantry.shared.auth.TenantIds;
import io.tenantry.shared.plan.Plan;
import java.util.Map;

/** The operator's {@code {"tenantId": "ten_…", "plan": "pro"}}; anything else is refused, naming the field. */
public record ChangePlanRequest(String tenantId, Plan plan) {

    public static ChangePlanRequest parse(Map<String, Object> payload) {
        if (payload == null) {
            throw new InvalidOperatorRequestException(
                    "The payload must be {\"tenantId\": \"ten_…\", \"plan\": \"…\"}.");
        }
        for (String field : payload.keySet()) {
            if (!field.equals("tenantId") && !field.equals("plan")) {
                throw new InvalidOperatorRequestException("Unknown field '" + field + "'.");
            }
        }
        Object tenantId = payload.get("tenantId");
        if (!(tenantId instanceof String id) || !TenantIds.isWellFormed(id)) {
            throw new InvalidOperatorRequestException("'tenantId' must be a tenant id (ten_ and 26 characters).");
        }
        Object plan = payload.get("plan");
        Plan parsed = plan instanceof String name ? Plan.fromWireName(name).orElse(null) : null;
        if (parsed == null) {
            throw new InvalidOperatorRequestException("'plan' must be one of " + Plan.WIRE_NAMES + ".");
        }
        return new ChangePlanRequest(id, parsed);
    }
}
