package io.tenantry.deploys.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.deploys.model.HookEvent;
import io.tenantry.deploys.service.PreTrafficChecker;
import io.tenantry.shared.json.EventHandler;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * CodeDeploy's PreTraffic hook for the API functions, invoked with {@code {"DeploymentId": ...,
 * "LifecycleEventHookExecutionId": ...}} before any traffic moves to a new version: probes the new versions of a
 * few read routes as the synthetic tenant and reports {@code Succeeded} or {@code Failed} to CodeDeploy, which
 * then shifts traffic or rolls back. Answers what it reported, probe by probe.
 */
public class PreTrafficHookHandler extends EventHandler<Map<String, Object>, Map<String, Object>> {
    @Inject
    PreTrafficChecker checker;

    public PreTrafficHookHandler() {}

    public PreTrafficHookHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> event) {
        return checker.check(HookEvent.parse(event)).toMap();
    }
}
