package io.tenantry.local.invoke;

import io.tenantry.local.emulators.AwsBackend;
import io.tenantry.local.emulators.Endpoints;
import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.function.FunctionEnvironments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a function's JVM, built from nothing (the caller's shell leaks nothing but {@code PATH}):
 *
 * <ol>
 *   <li>{@code PATH}, {@code LANG=en_US.UTF-8}, {@code TZ=:UTC}, as the managed runtime has them;
 *   <li>the function's variables as {@link FunctionEnvironments} resolves them for the local backend too (template
 *       Globals, then the function's own, intrinsics resolved, {@code --env-vars} applied to declared names); an
 *       override the template does not declare is said so when the function's own section named it;
 *   <li>what Lambda sets and a template cannot ({@code _HANDLER}, {@code AWS_LAMBDA_*}, {@code AWS_REGION},
 *       credentials, {@code LAMBDA_TASK_ROOT}…): the template's value of such a name is dropped, and said so;
 *   <li>the local endpoints: {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code _SQS}, {@code _S3}, {@code _STS},
 *       {@code _SECRETSMANAGER}, {@code _SES} and {@code _SESV2} (SES v2 under both names),
 *       and {@code AWS_ENDPOINT_URL} when one URL serves them all (an {@code --endpoint}); with the embedded emulators, each on
 *       its own port, the generic variable is left unset so that a client for any other service fails plainly
 *       instead of talking to DynamoDB Local.
 * </ol>
 */
final class FunctionEnvironment {
    /** Names Lambda sets itself; a function's configuration cannot. */
    static final Set<String> RESERVED = Set.of(
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION",
            "AWS_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private FunctionEnvironment() {}

    /** The environment, and notes about variables that were ignored. */
    record Result(Map<String, String> variables, List<String> notes) {}

    static Result build(
            FunctionConfig function,
            Path taskRoot,
            Map<String, String> overrides,
            Set<String> reportIfIgnored,
            AwsBackend backend) {
        String logicalId = function.logicalId();
        Map<String, String> variables = function.variables();
        List<String> notes = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path == null || path.isBlank() ? DEFAULT_PATH : path);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");

        variables.forEach((name, value) -> {
            if (RESERVED.contains(name)) {
                notes.add(name + " in the template is reserved by Lambda (a deploy would be refused); ignored");
            } else {
                env.put(name, value);
            }
        });
        overrides.forEach((name, value) -> {
            if (variables.containsKey(name) && value.contains("host.docker.internal")) {
                notes.add("--env-vars " + name + "=" + value + " is how a function in sam's Docker container reaches"
                        + " this host; invoke runs the function on this host, where that name may not resolve (the"
                        + " emulators' endpoints are set without --env-vars)");
            }
        });
        overrides.keySet().stream()
                .filter(name -> !variables.containsKey(name) && reportIfIgnored.contains(name))
                .forEach(name -> notes.add("--env-vars " + name + " is not in " + logicalId
                        + "'s template Environment; ignored, as sam local invoke ignores it"));

        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", ManagedRuntime.EXECUTION_ENV);
        env.put("AWS_LAMBDA_FUNCTION_NAME", logicalId);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroupName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", FunctionConfig.newLogStreamName());
        env.put("AWS_REGION", backend.region().id());
        env.put("AWS_DEFAULT_REGION", backend.region().id());
        env.put("AWS_ACCESS_KEY_ID", backend.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", backend.secretAccessKey());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());

        Endpoints endpoints = backend.endpoints();
        if (endpoints.equals(Endpoints.single(endpoints.dynamodb()))) {
            env.put("AWS_ENDPOINT_URL", endpoints.dynamodb().toString());
        }
        env.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamodb().toString());
        env.put("AWS_ENDPOINT_URL_SQS", endpoints.sqs().toString());
        env.put("AWS_ENDPOINT_URL_S3", endpoints.s3().toString());
        env.put("AWS_ENDPOINT_URL_STS", endpoints.sts().toString());
        env.put("AWS_ENDPOINT_URL_SECRETSMANAGER", endpoints.secretsmanager().toString());
        // SES v2: the functions' AwsSettings reads AWS_ENDPOINT_URL_SES (the service named "ses", as in
        // tenantry.endpoint.ses); a bare SesV2Client reads AWS_ENDPOINT_URL_SESV2, the SDK's name for it.
        env.put("AWS_ENDPOINT_URL_SES", endpoints.ses().toString());
        env.put("AWS_ENDPOINT_URL_SESV2", endpoints.ses().toString());
        return new Result(env, List.copyOf(notes));
    }
}
