package io.tenantry.local.emulators;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK v2 clients for a backend, each built once on first use: URL-connection HTTP client, static credentials,
 * path-style S3, checksums only where required (emulators do not all speak the newer flexible checksums).
 */
public final class AwsClients implements AutoCloseable {
    private final Endpoints endpoints;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final List<AutoCloseable> built = new ArrayList<>();
    private DynamoDbClient dynamoDb;
    private DynamoDbStreamsClient dynamoDbStreams;
    private SqsClient sqs;
    private S3Client s3;
    private S3Presigner presigner;
    private SecretsManagerClient secretsManager;

    public AwsClients(Endpoints endpoints, Region region, String accessKeyId, String secretAccessKey) {
        this(endpoints, region, AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /** Clients signing with {@code credentials}: session credentials from STS, for instance. */
    public AwsClients(Endpoints endpoints, Region region, AwsCredentials credentials) {
        this.endpoints = endpoints;
        this.region = region;
        this.credentials = StaticCredentialsProvider.create(credentials);
    }

    /** Clients for the backend's endpoints, region and credentials. */
    public static AwsClients of(AwsBackend backend) {
        return new AwsClients(backend.endpoints(), backend.region(), backend.accessKeyId(), backend.secretAccessKey());
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = track(() -> DynamoDbClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(region)
                    .credentialsProvider(credentials)
                    .endpointOverride(endpoints.dynamodb())
                    .build());
        }
        return dynamoDb;
    }

    /** The Streams API of the DynamoDB endpoint: DynamoDB Local serves it at the same address as the tables. */
    public synchronized DynamoDbStreamsClient dynamoDbStreams() {
        if (dynamoDbStreams == null) {
            dynamoDbStreams = track(() -> DynamoDbStreamsClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(region)
                    .credentialsProvider(credentials)
                    .endpointOverride(endpoints.dynamodb())
                    .build());
        }
        return dynamoDbStreams;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = track(() -> SqsClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(region)
                    .credentialsProvider(credentials)
                    .endpointOverride(endpoints.sqs())
                    .build());
        }
        return sqs;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = track(() -> S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(region)
                    .credentialsProvider(credentials)
                    .endpointOverride(endpoints.s3())
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build());
        }
        return s3;
    }

    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            secretsManager = track(() -> SecretsManagerClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(region)
                    .credentialsProvider(credentials)
                    .endpointOverride(endpoints.secretsmanager())
                    .build());
        }
        return secretsManager;
    }

    /** A presigner whose URLs point at the S3 endpoint, path-style. */
    public synchronized S3Presigner s3Presigner() {
        if (presigner == null) {
            presigner = track(() -> S3Presigner.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .endpointOverride(endpoints.s3())
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build())
                    .build());
        }
        return presigner;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public Region region() {
        return region;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : built) {
            try {
                client.close();
            } catch (Exception e) {
                System.getLogger(AwsClients.class.getName())
                        .log(System.Logger.Level.WARNING, "Closing an SDK client failed", e);
            }
        }
        built.clear();
        dynamoDb = null;
        dynamoDbStreams = null;
        sqs = null;
        s3 = null;
        presigner = null;
        secretsManager = null;
    }

    private <T extends AutoCloseable> T track(Supplier<T> build) {
        T client = build.get();
        built.add(client);
        return client;
    }
}
