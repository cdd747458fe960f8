package io.tenantry.local.iam;

import java.util.List;
import java.util.Optional;

/**
 * One statement of an identity-based or session policy, as {@link StatementParser} read it. It
 * applies to a request when the action matches ({@code Action}, or not {@code NotAction}), the
 * resource matches ({@code Resource}, or not {@code NotResource}) and every condition holds; a
 * policy variable the request cannot fill in makes it not apply at all, whatever its effect.
 *
 * @param sid the {@code Sid}, or {@code #n} (1-based position) when it has none
 */
record Statement(
        String sid,
        Effect effect,
        List<Glob> actions,
        boolean notAction,
        List<Template> resources,
        boolean notResource,
        List<Condition> conditions) {

    Statement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    /** Whether this statement applies to the request (its effect then counts). */
    boolean appliesTo(RequestContext request) {
        return matchesAction(request.action()) && matchesResource(request).orElse(false) && conditionsHold(request);
    }

    /** Actions match case-insensitively, with {@code *} and {@code ?}. */
    private boolean matchesAction(String action) {
        boolean listed = actions.stream().anyMatch(pattern -> pattern.matchesString(action, true));
        return notAction != listed;
    }

    /** Empty when a resource's policy variable cannot be filled in. */
    private Optional<Boolean> matchesResource(RequestContext request) {
        boolean listed = false;
        for (Template resource : resources) {
            Optional<Glob> glob = resource.resolve(request);
            if (glob.isEmpty()) {
                return Optional.empty();
            }
            listed |= glob.get().matchesResource(request.resource());
        }
        return Optional.of(notResource != listed);
    }

    /** Every condition is evaluated, so one that cannot be decided throws whatever the others say. */
    private boolean conditionsHold(RequestContext request) {
        boolean all = true;
        for (Condition condition : conditions) {
            Optional<Boolean> holds = condition.evaluate(request);
            if (holds.isEmpty()) {
                return false;
            }
            all &= holds.get();
        }
        return all;
    }

    @Override
    public String toString() {
        return effect + " " + sid;
    }
}
