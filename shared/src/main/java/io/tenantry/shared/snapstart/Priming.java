package io.tenantry.shared.snapstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.BeanProvider;
import io.tenantry.shared.data.TableSettings;
import io.tenantry.shared.metrics.MetricsEmitter;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Warms a function before its SnapStart snapshot with calls that touch no real data: an
 * unauthenticated request through the handler path (parsing, problem mapping, JSON writing,
 * logging), the metrics emitter (its serialiser, without writing a line), and a read of a key no
 * item has (SDK marshalling, signing, the HTTP client). Failures are expected where the function
 * lacks the permission, and are ignored.
 */
@Singleton
public final class Priming {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final String PRIMING_KEY = "PRIMING";

    private final BeanProvider<DynamoDbClient> dynamoDb;
    private final TableSettings table;
    private final MetricsEmitter metrics;

    public Priming(BeanProvider<DynamoDbClient> dynamoDb, TableSettings table, MetricsEmitter metrics) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.metrics = metrics;
    }

    /** Warms the metrics emitter alone (workers and scheduled functions, which have no HTTP path). */
    public void primeMetrics() {
        metrics.prime();
    }

    public void primeHttp(Consumer<APIGatewayV2HTTPEvent> handler) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/v1/priming")
                .withHeaders(Map.of("x-request-id", "priming", "content-type", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET")
                                .withPath("/v1/priming")
                                .build())
                        .build())
                .build();
        handler.accept(event);
        metrics.prime();
        primeDynamoDb();
    }

    private void primeDynamoDb() {
        if (table.name().isBlank()) {
            return;
        }
        try {
            dynamoDb.get()
                    .getItem(b -> b.tableName(table.name())
                            .key(Map.of(
                                    "PK", AttributeValue.fromS(PRIMING_KEY),
                                    "SK", AttributeValue.fromS(PRIMING_KEY))));
        } catch (RuntimeException e) {
            LOG.debug("Priming read failed (expected without access): {}", e.toString());
        }
    }
}
