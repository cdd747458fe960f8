package io.tenantry.outbox.handler;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.SerdeImport;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB stream's batch and its answer, as the outbox relay reads and writes them itself (shared {@code
 * EventHandler}, {@code EventJson}), under the names Lambda sends and the runtime's own mix-ins read: {@code Records},
 * {@code eventSourceARN}, a change's {@code Keys}, {@code NewImage}, {@code SequenceNumber}…, an attribute value's
 * {@code S}, {@code N}, {@code M}…; binary values base64, the creation time in seconds ({@link EpochSecondsDateSerde}).
 * One value is not read: {@code StreamViewType}, whose class takes an enum but gives a string, so that it is no
 * property to the mapper (nothing reads it). Imported here, not in shared, so that no other function carries these
 * classes' introspections.
 */
@SerdeImport(value = DynamodbEvent.class, mixin = DynamodbStreamJson.StreamEventNames.class)
@SerdeImport(value = DynamodbEvent.DynamodbStreamRecord.class, mixin = DynamodbStreamJson.StreamRecordNames.class)
@SerdeImport(value = StreamRecord.class, mixin = DynamodbStreamJson.StreamChangeNames.class)
@SerdeImport(value = AttributeValue.class, mixin = DynamodbStreamJson.AttributeValueNames.class)
@SerdeImport(Identity.class)
@SerdeImport(StreamsEventResponse.class)
@SerdeImport(StreamsEventResponse.BatchItemFailure.class)
final class DynamodbStreamJson {
    private DynamodbStreamJson() {}

    /** {@code DynamodbEvent}'s property as Lambda names it. */
    interface StreamEventNames {
        @JsonProperty("Records")
        List<DynamodbEvent.DynamodbStreamRecord> getRecords();
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
        List<String> getSS();

        @JsonProperty("NS")
        List<String> getNS();

        @JsonProperty("BS")
        List<ByteBuffer> getBS();

        @JsonProperty("M")
        Map<String, AttributeValue> getM();

        @JsonProperty("L")
        List<AttributeValue> getL();

        @JsonProperty("NULL")
        Boolean getNULL();

        @JsonProperty("BOOL")
        Boolean getBOOL();
    }
}
