package io.tenantry.shared.json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The Lambda events the handlers read themselves, and their answers, as JSON ({@link EventHandler}'s stream entry): the
 * HTTP API's event and response, an SQS batch and its {@code batchItemFailures}, a DynamoDB stream batch and its
 * answer, a CloudWatch Logs subscription's delivery, Cognito's pre-token-generation trigger (read and answered), and
 * the direct invocations' {@code Map}s. They are read and written with the functions' one mapper (Micronaut Serde,
 * whose (de)serialisers of these classes are generated at build time) instead of by the Lambda runtime, which, given a
 * {@code RequestHandler}, builds a Jackson deserialiser of the event class by reflection while the function
 * initialises (docs/architecture.md, "The handlers read their own JSON"). The classes are those of {@code
 * aws-lambda-java-events}; the names are those Lambda sends and the runtime's own mix-ins read (below); binary values
 * are base64 ({@link Base64ByteBufferSerde}), dates seconds since the epoch ({@link EpochSecondsDateSerde}); a field
 * the classes do not know is ignored. Written, empty values are left out.
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
@SerdeImport(value = CloudWatchLogsEvent.class, mixin = EventJson.LogsEventNames.class)
@SerdeImport(CloudWatchLogsEvent.AWSLogs.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.class)
@SerdeImport(CognitoUserPoolEvent.CallerContext.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.Request.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.GroupConfiguration.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.Response.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.ClaimsAndScopeOverrideDetails.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.IdTokenGeneration.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.AccessTokenGeneration.class)
@SerdeImport(CognitoUserPoolPreTokenGenerationEventV2.GroupOverrideDetails.class)
@SerdeImport(value = DynamodbEvent.class, mixin = EventJson.StreamEventNames.class)
@SerdeImport(value = DynamodbEvent.DynamodbStreamRecord.class, mixin = EventJson.StreamRecordNames.class)
@SerdeImport(value = StreamRecord.class, mixin = EventJson.StreamChangeNames.class)
@SerdeImport(value = AttributeValue.class, mixin = EventJson.AttributeValueNames.class)
@SerdeImport(Identity.class)
@SerdeImport(StreamsEventResponse.class)
@SerdeImport(StreamsEventResponse.BatchItemFailure.class)
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

    /** {@code CloudWatchLogsEvent}'s property as Lambda names it. */
    interface LogsEventNames {
        @JsonProperty("awslogs")
        CloudWatchLogsEvent.AWSLogs getAwsLogs();
    }

    /** {@code DynamodbEvent}'s property as Lambda names it. */
    interface StreamEventNames {
        @JsonProperty("Records")
        java.util.List<DynamodbEvent.DynamodbStreamRecord> getRecords();
    }

    /** A stream record's properties as Lambda names them (its class takes an enum too, for the event's name). */
    interface StreamRecordNames {
        @JsonProperty("eventName")
        String getEventName();

        @JsonProperty("eventName")
        void setEventName(String eventName);

        @JsonProperty("eventSourceARN")
        String getEventSourceARN();
    }

    /** A stream record's change as Lambda names it; its time is in seconds ({@link EpochSecondsDateSerde}). */
    interface StreamChangeNames {
        @JsonProperty("ApproximateCreationDateTime")
        Date getApproximateCreationDateTime();

        @JsonProperty("Keys")
        Map<String, AttributeValue> getKeys();

        @JsonProperty("NewImage")
        Map<String, AttributeValue> getNewImage();

        @JsonProperty("OldImage")
        Map<String, AttributeValue> getOldImage();

        @JsonProperty("SequenceNumber")
        String getSequenceNumber();

        @JsonProperty("SizeBytes")
        Long getSizeBytes();

        @JsonProperty("StreamViewType")
        String getStreamViewType();
    }

    /** A DynamoDB attribute value as Lambda names its members, one per type. */
    interface AttributeValueNames {
        @JsonProperty("S")
        String getS();

        @JsonProperty("N")
        String getN();

        @JsonProperty("B")
        ByteBuffer getB();

        @JsonProperty("SS")
        java.util.List<String> getSS();

        @JsonProperty("NS")
        java.util.List<String> getNS();

        @JsonProperty("BS")
        java.util.List<ByteBuffer> getBS();

        @JsonProperty("M")
        Map<String, AttributeValue> getM();

        @JsonProperty("L")
        java.util.List<AttributeValue> getL();

        @JsonProperty("NULL")
        Boolean getNULL();

        @JsonProperty("BOOL")
        Boolean getBOOL();
    }
}
