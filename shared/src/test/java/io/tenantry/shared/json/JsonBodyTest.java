package io.tenantry.shared.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.ProblemMapper;
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

    /** A field named twice: one parser keeps the first value, another the last; the body is refused instead. */
    @Test
    void aFieldNamedTwice_answers400_namingTheField() {
        ValidationException e = assertThrows(
                ValidationException.class, () -> parse("{\"name\": \"Acme\", \"plan\": \"free\", \"name\": \"Evil\"}"));

        assertEquals(List.of(new FieldError("name", "appears more than once")), e.errors());
        assertEquals(400, e.status());
        assertEquals("validation-failed", e.slug());
        ApiResponse response = ProblemMapper.toResponse(e, "req-1");
        assertEquals(400, response.status());
        assertEquals(ApiResponse.PROBLEM_JSON, response.headers().get("Content-Type"));
        String problem = new String(codec.write(response.body()), StandardCharsets.UTF_8);
        assertTrue(
                problem.contains("\"errors\":[{\"field\":\"name\",\"message\":\"appears more than once\"}]"), problem);
    }

    @Test
    void aFieldNamedTwice_inANestedObject_isNamedByItsPath() {
        assertEquals(Optional.of("address.city"), duplicate("{\"address\": {\"city\": \"a\", \"city\": \"b\"}}"));
        assertEquals(
                Optional.of("items[1].id"), duplicate("{\"items\": [{\"id\": 1}, {\"id\": 2, \"x\": 0, \"id\": 3}]}"));
        assertEquals(Optional.of("a[0][1].b"), duplicate("{\"a\": [[{}, {\"b\": 1, \"b\": 1}]]}"));
        assertEquals(
                Optional.of("unknown"), duplicate("{\"unknown\": 1, \"unknown\": 1}"), "even a field nobody reads");
        assertThrows(ValidationException.class, () -> parse("{\"address\": {\"city\": \"a\", \"city\": \"b\"}}"));
    }

    /** The acceptance twin: the same name in different objects, or differing only in case, is no duplicate. */
    @Test
    void theSameNameInDifferentObjects_orInAnotherCase_isAccepted() {
        String json =
                "{\"name\": \"a\", \"Name\": \"b\", \"owner\": {\"name\": \"c\"}, \"items\": [{\"name\": 1}, {\"name\": 2}]}";
        assertEquals(Optional.empty(), duplicate(json));
        JsonBody body = parse(json);
        assertEquals("a", body.requiredString("name", 1, 10));
        body.validate();
    }

    static Optional<String> duplicate(String json) {
        return JsonCodec.firstFieldNamedTwice(json.getBytes(StandardCharsets.UTF_8));
    }
}
