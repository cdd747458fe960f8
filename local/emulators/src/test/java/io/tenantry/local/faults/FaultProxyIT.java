package io.tenantry.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.emulators.AwsClients;
import io.tenantry.local.emulators.EmbeddedAws;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The fault proxies fail the SDK's calls as the rules say, attempt by attempt, and pass everything else through
 * untouched: every refusal is paired with the same call succeeding without the fault.
 */
class FaultProxyIT {
    private static final String TABLE = "faults-table";
    private static final String BUCKET = "faults-bucket";

    private static EmbeddedAws aws;
    private static FaultedAws faulted;
    private static AwsClients direct;
    private static String queueUrl;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start();
        faulted = FaultedAws.around(aws);
        direct = AwsClients.of(aws);
        direct.dynamoDb()
                .createTable(r -> r.tableName(TABLE)
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .billingMode("PAY_PER_REQUEST"));
        direct.s3().createBucket(r -> r.bucket(BUCKET));
        queueUrl = direct.sqs().createQueue(r -> r.queueName("faults-queue")).queueUrl();
    }

    @AfterAll
    static void stop() {
        direct.close();
        faulted.close();
        aws.close();
    }

    @AfterEach
    void clearFaults() {
        faulted.faults().clear();
    }

    @Test
    void callsWithoutFaults_passThroughTheProxies() {
        try (DynamoDbClient dynamoDb = dynamoDb(1);
                S3Client s3 = s3(1);
                SqsClient sqs = sqs(1)) {
            String key = put(dynamoDb);
            assertTrue(direct.dynamoDb()
                    .getItem(r -> r.tableName(TABLE).key(key(key)))
                    .hasItem());

            s3.putObject(r -> r.bucket(BUCKET).key("through/proxy.txt"), RequestBody.fromString("body"));
            assertEquals(
                    "body",
                    s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("through/proxy.txt"))
                            .asUtf8String());
            assertEquals(
                    4L,
                    s3.headObject(r -> r.bucket(BUCKET).key("through/proxy.txt"))
                            .contentLength());

            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("hello"));
            var received = direct.sqs().receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1));
            assertEquals("hello", received.messages().getFirst().body());
            direct.sqs()
                    .deleteMessage(r -> r.queueUrl(queueUrl)
                            .receiptHandle(received.messages().getFirst().receiptHandle()));
        }
    }

    @Test
    void throttling_forFewerAttemptsThanTheSdkMakes_isRetriedAway_andForAsManyFailsTheCall() {
        try (DynamoDbClient dynamoDb = dynamoDb(3)) {
            Faults.Rule twice = faulted.faults().add("dynamodb", "PutItem", Faults.Error.THROTTLING, 1.0, 2);
            put(dynamoDb);
            assertEquals(2, injected(twice));

            faulted.faults().clear();
            Faults.Rule thrice = faulted.faults().add("dynamodb", "PutItem", Faults.Error.THROTTLING, 1.0, 3);
            DynamoDbException thrown = assertThrows(DynamoDbException.class, () -> put(dynamoDb));
            assertTrue(thrown.isThrottlingException(), thrown.toString());
            assertEquals(3, injected(thrice));
        }
    }

    @Test
    void aFaultOnOneOperation_leavesTheServicesOtherOperationsAlone() {
        try (DynamoDbClient dynamoDb = dynamoDb(1)) {
            String key = put(dynamoDb);
            faulted.faults().add("dynamodb", "PutItem", Faults.Error.SERVER, 1.0, null);

            assertTrue(dynamoDb.getItem(r -> r.tableName(TABLE).key(key(key))).hasItem());
            DynamoDbException thrown = assertThrows(DynamoDbException.class, () -> put(dynamoDb));
            assertEquals(500, thrown.statusCode());
        }
    }

    @Test
    void aTimeout_letsTheWriteLand_andLosesItsAnswer() {
        try (DynamoDbClient dynamoDb = dynamoDb(1)) {
            faulted.faults().add("dynamodb", "PutItem", Faults.Error.TIMEOUT, 1.0, 1);
            String key = "timeout-" + UUID.randomUUID();

            assertThrows(
                    SdkClientException.class,
                    () -> dynamoDb.putItem(r -> r.tableName(TABLE).item(key(key))));

            assertTrue(direct.dynamoDb()
                    .getItem(r -> r.tableName(TABLE).key(key(key)))
                    .hasItem());
            put(dynamoDb); // the count is spent: the next call is answered
        }
    }

    /**
     * What the services rely on for their creates: a transaction retried after its answer was lost carries the same
     * client request token (the SDK makes one per call), and the emulator, like DynamoDB, applies it once.
     */
    @Test
    void aTransactionRetriedAfterALostAnswer_isAppliedOnce_byItsClientRequestToken() {
        try (DynamoDbClient dynamoDb = dynamoDb(2)) {
            Faults.Rule lost = faulted.faults().add("dynamodb", "TransactWriteItems", Faults.Error.TIMEOUT, 1.0, 1);
            String key = "tx-" + UUID.randomUUID();

            dynamoDb.transactWriteItems(r -> r.transactItems(t ->
                    t.put(p -> p.tableName(TABLE).item(key(key)).conditionExpression("attribute_not_exists(pk)"))));

            assertEquals(1, injected(lost));
            assertTrue(direct.dynamoDb()
                    .getItem(r -> r.tableName(TABLE).key(key(key)))
                    .hasItem());
            var again = assertThrows(
                    software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.class,
                    () -> dynamoDb.transactWriteItems(r -> r.transactItems(t -> t.put(
                            p -> p.tableName(TABLE).item(key(key)).conditionExpression("attribute_not_exists(pk)")))));
            assertEquals(
                    "ConditionalCheckFailed",
                    again.cancellationReasons().getFirst().code());
        }
    }

    @Test
    void s3Faults_answerSlowDownAndInternalError_andSpareTheBackendsOwnClients() {
        direct.s3().putObject(r -> r.bucket(BUCKET).key("s3/object.txt"), RequestBody.fromString("x"));
        try (S3Client s3 = s3(1)) {
            faulted.faults().add("s3", "GetObject", Faults.Error.THROTTLING, 1.0, 1);
            S3Exception slowDown = assertThrows(
                    S3Exception.class,
                    () -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("s3/object.txt")));
            assertEquals(503, slowDown.statusCode());
            assertEquals("SlowDown", slowDown.awsErrorDetails().errorCode());

            faulted.faults().add("s3", "HeadObject", Faults.Error.SERVER, 1.0, 1);
            S3Exception internal = assertThrows(
                    S3Exception.class, () -> s3.headObject(r -> r.bucket(BUCKET).key("s3/object.txt")));
            assertEquals(500, internal.statusCode());

            faulted.faults().add("s3", null, Faults.Error.SERVER, 1.0, null);
            assertEquals(
                    "x",
                    direct.s3()
                            .getObjectAsBytes(r -> r.bucket(BUCKET).key("s3/object.txt"))
                            .asUtf8String());
        }
    }

    @Test
    void presignedUrls_areNeverFaulted() throws Exception {
        direct.s3().putObject(r -> r.bucket(BUCKET).key("presigned/object.txt"), RequestBody.fromString("signed"));
        faulted.faults().add("s3", null, Faults.Error.SERVER, 1.0, null);
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(faulted.endpoints().s3())
                .region(aws.region())
                .credentialsProvider(credentials())
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true)
                        .build())
                .build()) {
            URI url = presigner
                    .presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(g -> g.bucket(BUCKET).key("presigned/object.txt")))
                    .url()
                    .toURI();
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("signed", response.body());
        }
        assertEquals(0, faulted.faults().list().getFirst().injected());
    }

    @Test
    void sqsFaults_areNamedByOperation() {
        try (SqsClient sqs = sqs(1)) {
            faulted.faults().add("sqs", "SendMessage", Faults.Error.THROTTLING, 1.0, null);
            SqsException throttled = assertThrows(
                    SqsException.class,
                    () -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("no")));
            assertTrue(throttled.isThrottlingException(), throttled.toString());

            assertEquals(
                    0,
                    sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(0))
                            .messages()
                            .size());
        }
    }

    @Test
    void aRate_failsAboutThatShareOfAttempts_andZeroFailsNone() {
        try (DynamoDbClient dynamoDb = dynamoDb(1)) {
            Faults.Rule never = faulted.faults().add("dynamodb", "GetItem", Faults.Error.SERVER, 0.0, null);
            for (int i = 0; i < 20; i++) {
                dynamoDb.getItem(r -> r.tableName(TABLE).key(key("absent")));
            }
            assertEquals(0, injected(never));

            faulted.faults().clear();
            Faults.Rule half = faulted.faults().add("dynamodb", "GetItem", Faults.Error.SERVER, 0.5, null);
            int failed = 0;
            for (int i = 0; i < 200; i++) {
                try {
                    dynamoDb.getItem(r -> r.tableName(TABLE).key(key("absent")));
                } catch (DynamoDbException e) {
                    failed++;
                }
            }
            assertEquals(failed, injected(half));
            assertTrue(failed > 50 && failed < 150, "failed " + failed + " of 200");
        }
    }

    @Test
    void rulesRefuseWhatTheyCannotMean() {
        Faults faults = new Faults();
        assertThrows(IllegalArgumentException.class, () -> faults.add("lambda", null, Faults.Error.SERVER, 1.0, null));
        assertThrows(IllegalArgumentException.class, () -> faults.add("s3", null, Faults.Error.SERVER, 1.5, null));
        assertThrows(IllegalArgumentException.class, () -> faults.add("s3", null, Faults.Error.SERVER, 1.0, 0));
        assertFalse(faults.list().iterator().hasNext());
        assertEquals(Faults.Error.TIMEOUT, Faults.Error.of("timeout").orElseThrow());
    }

    private static long injected(Faults.Rule rule) {
        return faulted.faults().list().stream()
                .filter(i -> i.rule().id().equals(rule.id()))
                .findFirst()
                .orElseThrow()
                .injected();
    }

    private static String put(DynamoDbClient dynamoDb) {
        String key = "item-" + UUID.randomUUID();
        dynamoDb.putItem(r -> r.tableName(TABLE).item(key(key)));
        return key;
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk));
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey()));
    }

    /** Clients through the proxies, making {@code attempts} attempts per call without waiting between them. */
    private static ClientOverrideConfiguration attempts(int attempts) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(attempts)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false)
                        .build())
                .build();
    }

    private static DynamoDbClient dynamoDb(int attempts) {
        return DynamoDbClient.builder()
                .endpointOverride(faulted.endpoints().dynamodb())
                .region(aws.region())
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(attempts(attempts))
                .build();
    }

    private static S3Client s3(int attempts) {
        return S3Client.builder()
                .endpointOverride(faulted.endpoints().s3())
                .forcePathStyle(true)
                .region(aws.region())
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(attempts(attempts))
                .build();
    }

    private static SqsClient sqs(int attempts) {
        return SqsClient.builder()
                .endpointOverride(faulted.endpoints().sqs())
                .region(aws.region())
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(attempts(attempts))
                .build();
    }
}
