package io.tenantry.deploys.model;

import java.util.Map;

/** What CodeDeploy sends a lifecycle hook: the deployment and the hook execution to report on. */
public record HookEvent(String deploymentId, String executionId) {

    public static HookEvent parse(Map<String, Object> event) {
        if (event == null) {
            throw new InvalidHookEventException("The event is empty.");
        }
        return new HookEvent(field(event, "DeploymentId"), field(event, "LifecycleEventHookExecutionId"));
    }

    private static String field(Map<String, Object> event, String name) {
        Object value = event.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new InvalidHookEventException("The event has no " + name + ": it is not a CodeDeploy hook event.");
        }
        return text;
    }
}
