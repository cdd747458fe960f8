package io.tenantry.deploys.repository;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Tells CodeDeploy how a lifecycle hook went: {@code Succeeded} lets the traffic shift start, {@code Failed} rolls back. */
@Singleton
public final class CodeDeployHooks {
    private final SignedAwsCall codeDeploy;
    private final JsonMapper json;

    public CodeDeployHooks(@Named("codedeploy") SignedAwsCall codeDeploy, JsonMapper json) {
        this.codeDeploy = codeDeploy;
        this.json = json;
    }

    public void report(String deploymentId, String executionId, String status) {
        String body;
        try {
            body = json.writeValueAsString(Map.of(
                    "deploymentId", deploymentId, "lifecycleEventHookExecutionId", executionId, "status", status));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SignedAwsCall.Answer answer = codeDeploy.post(
                "/",
                Map.of(
                        "Content-Type", "application/x-amz-json-1.1",
                        "X-Amz-Target", "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus"),
                body);
        if (answer.status() != 200) {
            throw new IllegalStateException(
                    "CodeDeploy refused the hook status (" + answer.status() + "): " + answer.body());
        }
    }
}
