package io.tenantry.local.iam;

/**
 * The policy types this evaluator combines, each a set that must allow a request on its own: the
 * role's identity-based policies and, when the session was given one, its session policy.
 */
public enum PolicyKind {
    IDENTITY("identity-based policy", "an"),
    SESSION("session policy", "a");

    private final String description;
    private final String article;

    PolicyKind(String description, String article) {
        this.description = description;
        this.article = article;
    }

    /** As IAM's error messages name it: {@code identity-based policy}, {@code session policy}. */
    public String description() {
        return description;
    }

    String withArticle() {
        return article + " " + description;
    }
}
