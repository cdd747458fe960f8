package io.tenantry.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An IAM policy document, identity-based or session: {@code Version}, optional {@code Id}, and
 * {@code Statement} as one object or an array. Parsing checks everything the evaluator relies on and
 * throws {@link PolicyException} on anything it does not know, so a document that parses is one it
 * can decide.
 *
 * <p>Only {@code Version: 2012-10-17} substitutes policy variables; in a document with {@code
 * 2008-10-17} or no version, {@code ${...}} is literal text, as in IAM.
 */
public final class PolicyDocument {
    public static final String CURRENT_VERSION = "2012-10-17";
    private static final String LEGACY_VERSION = "2008-10-17";
    private static final Set<String> MEMBERS = Set.of("Version", "Id", "Statement");

    private final String name;
    private final String version;
    private final List<Statement> statements;

    private PolicyDocument(String name, String version, List<Statement> statements) {
        this.name = name;
        this.version = version;
        this.statements = List.copyOf(statements);
    }

    /** Parses a policy named by its {@code Id}, or {@code policy} when it has none. */
    public static PolicyDocument parse(String json) {
        return parse(null, json);
    }

    /** Parses a policy under {@code name}, the name its decisions quote. */
    public static PolicyDocument parse(String name, String json) {
        JsonNode root = PolicyJson.object(PolicyJson.read(json), "A policy document");
        PolicyJson.onlyMembers(root, MEMBERS, "the policy document");
        String version = root.has("Version") ? root.get("Version").asText() : "";
        if (!version.isEmpty() && !version.equals(CURRENT_VERSION) && !version.equals(LEGACY_VERSION)) {
            throw new PolicyException("Unknown policy Version " + version);
        }
        if (!root.has("Statement")) {
            throw new PolicyException("A policy document needs a Statement");
        }
        JsonNode node = root.get("Statement");
        List<JsonNode> nodes = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(nodes::add);
        } else {
            nodes.add(node);
        }
        boolean substitutesVariables = version.equals(CURRENT_VERSION);
        List<Statement> statements = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(StatementParser.parse(nodes.get(i), i + 1, substitutesVariables));
        }
        String id = root.has("Id") ? root.get("Id").asText() : "policy";
        return new PolicyDocument(name == null ? id : name, version, statements);
    }

    public String name() {
        return name;
    }

    /** The {@code Version}, empty when the document has none. */
    public String version() {
        return version;
    }

    /** The statements' {@code Sid}s, {@code #n} for one without. */
    public List<String> statementIds() {
        return statements.stream().map(Statement::sid).toList();
    }

    List<Statement> statements() {
        return statements;
    }

    @Override
    public String toString() {
        return name;
    }
}
