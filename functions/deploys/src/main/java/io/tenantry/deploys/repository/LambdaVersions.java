package io.tenantry.deploys.repository;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Invokes a function version (its ARN, qualified by the version) synchronously, through Lambda's Invoke API. */
@Singleton
public final class LambdaVersions {
    private final SignedAwsCall lambda;

    public LambdaVersions(@Named("lambda") SignedAwsCall lambda) {
        this.lambda = lambda;
    }

    public Invocation invoke(String versionArn, String payload) {
        String path = "/2015-03-31/functions/" + URLEncoder.encode(versionArn, StandardCharsets.UTF_8) + "/invocations";
        SignedAwsCall.Answer answer = lambda.post(
                path, Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "RequestResponse"), payload);
        return new Invocation(answer.status(), answer.header("X-Amz-Function-Error"), answer.body());
    }
}
