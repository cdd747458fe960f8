package io.tenantry.local.testkit;

import io.tenantry.local.emulators.AwsBackend;
import io.tenantry.local.emulators.AwsClients;
import io.tenantry.local.emulators.EmbeddedAws;
import io.tenantry.local.emulators.Endpoints;
import io.tenantry.local.emulators.FunctionProperties;
import io.tenantry.local.emulators.LocalResources;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The emulated AWS a test runs against: endpoints, credentials, the template's resources as provisioned, SDK
 * clients, and each function's environment as the template gives it, resolved against the local resources.
 */
public final class AwsEnvironment {
    private final AwsBackend backend;
    private final SamTemplate template;
    private final LocalResources resources;
    private final AwsClients clients;
    private final Intrinsics intrinsics;

    AwsEnvironment(AwsBackend backend, SamTemplate template, LocalResources resources, AwsClients clients) {
        this.backend = backend;
        this.template = template;
        this.resources = resources;
        this.clients = clients;
        this.intrinsics = new Intrinsics(template, resources);
    }

    public Endpoints endpoints() {
        return backend.endpoints();
    }

    public Region region() {
        return backend.region();
    }

    public String accessKeyId() {
        return backend.accessKeyId();
    }

    public String secretAccessKey() {
        return backend.secretAccessKey();
    }

    /** Which backend this is, for messages. */
    /**
     * Whether this backend holds tenant-role sessions to their policies (the embedded emulators do; moto_server and
     * LocalStack accept any call), so tests that expect IAM's refusals run only where they can.
     */
    public boolean enforcesIam() {
        return backend instanceof EmbeddedAws;
    }

    public String backendDescription() {
        return backend.description();
    }

    /** The template's tables, queues, buckets and functions as provisioned, by logical id. */
    public LocalResources resources() {
        return resources;
    }

    /** The repository's {@code template.yaml}. */
    public SamTemplate template() {
        return template;
    }

    /** The SDK clients, built once per JVM; do not close them. */
    public AwsClients sdkClients() {
        return clients;
    }

    public DynamoDbClient dynamoDb() {
        return clients.dynamoDb();
    }

    /**
     * A new DynamoDB client on this environment whose calls pass through {@code interceptor}: to count them, or to
     * fail one. The caller closes it.
     */
    public DynamoDbClient dynamoDb(ExecutionInterceptor interceptor) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoints().dynamodb())
                .region(region())
                .credentialsProvider(() -> AwsBasicCredentials.create(accessKeyId(), secretAccessKey()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(interceptor))
                .build();
    }

    public SqsClient sqs() {
        return clients.sqs();
    }

    public S3Client s3() {
        return clients.s3();
    }

    public S3Presigner s3Presigner() {
        return clients.s3Presigner();
    }

    /** A function's environment variables from the template, intrinsics resolved ({@code TENANTRY_TABLE} → name). */
    public Map<String, String> functionEnvironment(String logicalId) {
        return intrinsics.environment(template.function(logicalId));
    }

    /**
     * Properties for {@code ApplicationContext.builder().properties(…)}: each of the function's environment variables
     * as a property ({@code FOO_BAR} → {@code foo.bar}), the emulator endpoints ({@code tenantry.endpoint.dynamodb},
     * {@code .sqs}, {@code .s3}), {@code tenantry.aws.region} and the credentials
     * ({@code tenantry.aws.access-key-id}, {@code tenantry.aws.secret-access-key}).
     */
    public Map<String, Object> micronautProperties(String logicalId) {
        return FunctionProperties.of(functionEnvironment(logicalId), backend);
    }

    /** {@code FOO_BAR} → {@code foo.bar}, as Micronaut maps environment variables to properties. */
    public static String propertyName(String environmentVariable) {
        return FunctionProperties.propertyName(environmentVariable);
    }
}
