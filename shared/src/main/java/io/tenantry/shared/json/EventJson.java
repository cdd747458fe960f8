package io.tenantry.shared.json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The Lambda events the handlers read themselves, and their answers, as JSON ({@link EventHandler}'s stream entry),
 * read and written with the functions' one mapper (Micronaut Serde, whose (de)serialisers of these classes are
 * generated at build time) instead of by the Lambda runtime, which, given a {@code RequestHandler}, builds a Jackson
 * deserialiser of the event class by reflection while the function initialises (docs/architecture.md, "The handlers
 * read their own JSON"). Imported here: the HTTP API's event and response ({@code ApiHandler}) and an SQS batch and its
 * {@code batchItemFailures} ({@code QueueHandler}), which most functions read; a direct invocation's {@code Map}
 * needs no import. A module whose function reads another event imports its classes itself, so that no other function
 * carries their introspections (the Cognito trigger's in identity, the DynamoDB stream's in outbox, CloudWatch Logs'
 * in metering). The classes are those of {@code aws-lambda-java-events}; the names are those Lambda sends and the
 * runtime's own mix-ins read (below); binary values are base64 ({@link Base64ByteBufferSerde}); a field the classes
 * do not know is ignored. Written, empty values are left out.
 */
@SerdeImport(APIGatewayV2HTTPEvent.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Http.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Authorizer.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.IAM.class)
@SerdeImport(APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity.class)
@SerdeImport(APIGatewayV2HTTPResponse.class)
@SerdeImport(value = SQSEvent.class, mixin = EventJson.SqsEventNames.class)
@SerdeImport(value = SQSEvent.SQSMessage.class, mixin = EventJson.SqsMessageNames.class)
@SerdeImport(SQSEvent.MessageAttribute.class)
@SerdeImport(SQSBatchResponse.class)
@SerdeImport(SQSBatchResponse.BatchItemFailure.class)
@Singleton
public final class EventJson {
    private final JsonMapper mapper;

    public EventJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** An event of {@code type}, as Lambda delivers it. */
    public <T> T read(InputStream json, Class<T> type) throws IOException {
        return mapper.readValue(json, type);
    }

    /** An event as JSON: for priming, which sends a representative event through {@link #read}. */
    public byte[] write(Object event) throws IOException {
        return mapper.writeValueAsBytes(event);
    }

    /** A handler's answer, as Lambda takes it. */
    public void write(Object answer, OutputStream json) throws IOException {
        mapper.writeValue(json, answer);
    }

    /** {@code SQSEvent}'s property as Lambda names it. */
    interface SqsEventNames {
        @JsonProperty("Records")
        List<SQSEvent.SQSMessage> getRecords();
    }

    /** {@code SQSMessage}'s property as Lambda names it. */
    interface SqsMessageNames {
        @JsonProperty("eventSourceARN")
        String getEventSourceArn();
    }
}
