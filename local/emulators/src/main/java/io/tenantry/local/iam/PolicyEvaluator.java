package io.tenantry.local.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IAM's policy evaluation for a principal in the same account, restricted to the policy types a
 * tenant-scoped session has: the role's identity-based policies and, when one was passed at
 * AssumeRole, the session policy.
 *
 * <ol>
 *   <li>A Deny statement that applies, in any of the policies, denies (explicit deny).
 *   <li>Otherwise every policy type present must have an Allow that applies: the identity-based
 *       policies, and the session policy if there is one. The session's permissions are the
 *       intersection of both.
 *   <li>Otherwise the request is denied (implicit deny, the default).
 * </ol>
 *
 * Resource-based policies, permissions boundaries, SCPs and RCPs are not evaluated. Immutable and
 * safe to share; a {@link PolicyException} from a policy or a request propagates.
 */
public final class PolicyEvaluator {
    private final Map<PolicyKind, List<PolicyDocument>> policies;

    private PolicyEvaluator(Map<PolicyKind, List<PolicyDocument>> policies) {
        this.policies = Map.copyOf(policies);
    }

    /** For a role session without a session policy: its identity-based policies alone decide. */
    public static PolicyEvaluator of(List<PolicyDocument> identityPolicies) {
        return new PolicyEvaluator(Map.of(PolicyKind.IDENTITY, List.copyOf(identityPolicies)));
    }

    public static PolicyEvaluator of(PolicyDocument... identityPolicies) {
        return of(List.of(identityPolicies));
    }

    /** The same role, in a session given {@code sessionPolicy}: both must allow. */
    public PolicyEvaluator withSessionPolicy(PolicyDocument sessionPolicy) {
        return new PolicyEvaluator(Map.of(
                PolicyKind.IDENTITY, policies.get(PolicyKind.IDENTITY),
                PolicyKind.SESSION, List.of(sessionPolicy)));
    }

    public Decision evaluate(RequestContext request) {
        List<Decision.StatementRef> allows = new ArrayList<>();
        for (PolicyKind kind : PolicyKind.values()) {
            for (PolicyDocument policy : policies.getOrDefault(kind, List.of())) {
                for (Statement statement : policy.statements()) {
                    if (!statement.appliesTo(request)) {
                        continue;
                    }
                    Decision.StatementRef ref = new Decision.StatementRef(kind, policy.name(), statement.sid());
                    if (statement.effect() == Effect.DENY) {
                        return Decision.explicitDeny(request, ref);
                    }
                    allows.add(ref);
                }
            }
        }
        for (PolicyKind kind : PolicyKind.values()) {
            boolean present = policies.containsKey(kind);
            if (present && allows.stream().noneMatch(ref -> ref.kind() == kind)) {
                return Decision.implicitDeny(request, kind);
            }
        }
        return Decision.allow(request, allows.get(0));
    }

    /**
     * One call that IAM authorizes as several requests (each item of a transaction): allowed only if
     * every one is; otherwise the first refusal.
     */
    public Decision evaluateAll(List<RequestContext> requests) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("Nothing to authorize");
        }
        Decision decision = null;
        for (RequestContext request : requests) {
            decision = evaluate(request);
            if (!decision.allowed()) {
                return decision;
            }
        }
        return decision;
    }
}
