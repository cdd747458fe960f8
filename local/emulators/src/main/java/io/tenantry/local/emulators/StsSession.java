package io.tenantry.local.emulators;

import io.tenantry.local.iam.Decision;
import io.tenantry.local.iam.PolicyDocument;
import io.tenantry.local.iam.PolicyEvaluator;
import io.tenantry.local.iam.PolicyKind;
import io.tenantry.local.iam.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Temporary credentials {@link LocalSts} issued: who they act as (the role, the assumed-role ARN), what they may do
 * (the role's policies, the session policy, the principal tags the policies read) and until when.
 *
 * @param sessionPolicy the {@code Policy} given to AssumeRole, or null
 */
public record StsSession(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String roleArn,
        String assumedRoleArn,
        String assumedRoleId,
        Map<String, String> principalTags,
        List<PolicyDocument> rolePolicies,
        PolicyDocument sessionPolicy,
        Instant expiration) {

    public StsSession {
        principalTags = Map.copyOf(principalTags);
        rolePolicies = List.copyOf(rolePolicies);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiration);
    }

    /** IAM's decision on {@code requests} (one call's authorizations) for this session, its tags added. */
    public Decision authorize(List<RequestContext> requests) {
        PolicyEvaluator evaluator = PolicyEvaluator.of(rolePolicies);
        if (sessionPolicy != null) {
            evaluator = evaluator.withSessionPolicy(sessionPolicy);
        }
        return evaluator.evaluateAll(requests.stream()
                .map(request -> request.withPrincipalTags(principalTags))
                .toList());
    }

    /**
     * A refusal as the services word it: {@code User: <assumed-role arn> is not authorized to perform: <action> on
     * resource: <arn> because no identity-based policy allows the <action> action} (or {@code with an explicit deny
     * in ...}).
     */
    public String deniedMessage(Decision decision) {
        RequestContext request = decision.request();
        String reason = decision.outcome() == Decision.Outcome.EXPLICIT_DENY
                ? "with an explicit deny in "
                        + withArticle(decision.statement().orElseThrow().kind())
                : "because no " + decision.withoutAllow().orElseThrow().description() + " allows the "
                        + request.action() + " action";
        return deniedMessage(request.action(), request.resource(), reason);
    }

    /** A refusal of {@code action} on {@code resource} for a reason of our own (a request we cannot read). */
    public String deniedMessage(String action, String resource, String reason) {
        return "User: " + assumedRoleArn + " is not authorized to perform: " + action + " on resource: " + resource
                + " " + reason;
    }

    private static String withArticle(PolicyKind kind) {
        return (kind == PolicyKind.IDENTITY ? "an " : "a ") + kind.description();
    }

    @Override
    public String toString() {
        return "StsSession[" + accessKeyId + " as " + assumedRoleArn + ", tags " + principalTags + ", until "
                + expiration + "]";
    }
}
