/**
 * A small IAM policy evaluator, for the emulators to refuse what IAM would refuse to tenant-scoped
 * credentials: {@link io.tenantry.local.iam.PolicyDocument} reads a policy, {@link
 * io.tenantry.local.iam.RequestContext} is one authorization, {@link
 * io.tenantry.local.iam.PolicyEvaluator} decides it with IAM's logic for identity-based and session
 * policies, {@link io.tenantry.local.iam.RequestContexts} turns DynamoDB and S3 calls into
 * authorizations, and {@link io.tenantry.local.iam.TenantPolicies} is the tenant policy itself.
 * It covers exactly the constructs our policies and AWS's documented examples use; anything else
 * throws {@link io.tenantry.local.iam.PolicyException}. See {@code docs/iam-evaluator.md}.
 */
package io.tenantry.local.iam;
