package io.tenantry.local.iam;

import java.util.Optional;

/**
 * IAM's answer to one request, and why: the statement that allowed or explicitly denied it, or the
 * policy type in which no statement allowed it.
 */
public final class Decision {
    public enum Outcome {
        ALLOW,
        /** A Deny statement applied: nothing else can allow the request. */
        EXPLICIT_DENY,
        /** No Deny applied, but a policy type that must allow the request has no Allow for it. */
        IMPLICIT_DENY
    }

    /** The statement that decided: its policy's type and name, its Sid ({@code #n} without one). */
    public record StatementRef(PolicyKind kind, String policy, String sid) {
        @Override
        public String toString() {
            return kind.description() + " " + policy + ", statement " + sid;
        }
    }

    private final Outcome outcome;
    private final RequestContext request;
    private final StatementRef statement;
    private final PolicyKind withoutAllow;

    private Decision(Outcome outcome, RequestContext request, StatementRef statement, PolicyKind withoutAllow) {
        this.outcome = outcome;
        this.request = request;
        this.statement = statement;
        this.withoutAllow = withoutAllow;
    }

    static Decision allow(RequestContext request, StatementRef statement) {
        return new Decision(Outcome.ALLOW, request, statement, null);
    }

    static Decision explicitDeny(RequestContext request, StatementRef statement) {
        return new Decision(Outcome.EXPLICIT_DENY, request, statement, null);
    }

    static Decision implicitDeny(RequestContext request, PolicyKind withoutAllow) {
        return new Decision(Outcome.IMPLICIT_DENY, request, null, withoutAllow);
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    public RequestContext request() {
        return request;
    }

    /** The statement that allowed (the first in the identity-based policies) or explicitly denied. */
    public Optional<StatementRef> statement() {
        return Optional.ofNullable(statement);
    }

    /** For an implicit deny, the policy type in which nothing allowed the request. */
    public Optional<PolicyKind> withoutAllow() {
        return Optional.ofNullable(withoutAllow);
    }

    /** In the words of IAM's AccessDenied messages, with the deciding statement added. */
    public String message() {
        String subject = request.action() + " on resource: " + request.resource();
        return switch (outcome) {
            case ALLOW -> "Allowed to perform: " + subject + " by " + statement;
            case EXPLICIT_DENY ->
                "Not authorized to perform: " + subject + " with an explicit deny in "
                        + statement.kind().withArticle() + " (" + statement.policy() + ", statement " + statement.sid()
                        + ")";
            case IMPLICIT_DENY ->
                "Not authorized to perform: " + subject + " because no " + withoutAllow.description() + " allows the "
                        + request.action() + " action";
        };
    }

    /** This decision when it allows; otherwise throws the {@link AccessDeniedException} IAM would answer. */
    public Decision requireAllowed() {
        if (!allowed()) {
            throw new AccessDeniedException(this);
        }
        return this;
    }

    @Override
    public String toString() {
        return message();
    }
}
