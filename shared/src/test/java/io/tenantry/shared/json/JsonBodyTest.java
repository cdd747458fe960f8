package io.tenantry.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.problem.BadRequestException;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.PayloadTooLargeException;
import io.tenantry.shared.problem.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
    static ApplicationContext context;
    static JsonCodec codec;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        codec = context.getBean(JsonCodec.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static JsonBody parse(String json) {
        return codec.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validate_namesEveryBadField_inOneError() {
        JsonBody body = parse("{\"name\": 7, \"plan\": \"gold\", \"extra\": true}");
        body.requiredString("name", 1, 200);
        body.optionalChoice("plan", Plan::fromWireName, Plan.WIRE_NAMES);
        body.requiredString("title", 1, 10);

        ValidationException e = assertThrows(ValidationException.class, body::validate);
        assertEquals(
                List.of(
                        new FieldError("name", "must be a string"),
                        new FieldError("plan", "must be one of free, pro, enterprise"),
                        new FieldError("title", "is required")),
                e.errors());
    }

    @Test
    void strings_areTrimmed_andLengthsCountedInCharacters() {
        JsonBody body = parse("{\"name\": \"  Acme  \", \"emoji\": \"\uD83D\uDE00\uD83D\uDE00\"}");
        assertEquals("Acme", body.requiredString("name", 1, 4));
        assertEquals("\uD83D\uDE00\uD83D\uDE00", body.requiredString("emoji", 1, 2));
        body.validate();
    }

    @Test
    void blankAndOverLongStrings_areRejected() {
        JsonBody body = parse("{\"a\": \"   \", \"b\": \"abcdef\", \"c\": null}");
        body.requiredString("a", 1, 5);
        body.requiredString("b", 1, 5);
        assertEquals(Optional.empty(), body.optionalString("c", 1, 5));
        ValidationException e = assertThrows(ValidationException.class, body::validate);
        assertEquals(
                List.of("a", "b", "c"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void parseObject_refusesMalformedJson_nonObjects_andOversizedBodies() {
        assertThrows(BadRequestException.class, () -> parse("{\"name\": "));
        assertThrows(BadRequestException.class, () -> parse("[1, 2]"));
        assertThrows(BadRequestException.class, () -> parse("\"text\""));
        assertThrows(BadRequestException.class, () -> parse(""));
        byte[] big = new byte[JsonCodec.MAX_BODY_BYTES + 1];
        assertThrows(PayloadTooLargeException.class, () -> codec.parseObject(big));
    }
}
