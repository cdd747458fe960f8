package io.tenantry.shared.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.tenantry.shared.problem.BadRequestException;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.PayloadTooLargeException;
import io.tenantry.shared.problem.ValidationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The one JSON mapper (Micronaut Serde): reads request bodies, writes response bodies. */
@Singleton
public final class JsonCodec {
    /** The largest request body accepted, as the API contract says: 256 KiB. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    /** Jackson's streaming parser, for what the tree a mapper builds cannot show: a field named twice. */
    private static final JsonFactory STREAMING = JsonFactory.builder().build();

    private final JsonMapper mapper;

    public JsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Parses a request body that must be one JSON object. 413 when too large, 400 when not an object, and 400 naming
     * the field when an object names a field twice: a tree keeps only one of the values, and which one another parser
     * keeps (a proxy, a WAF, the client's own validation) is anyone's guess, so such a body is refused rather than
     * read one way here and another way there.
     */
    public JsonBody parseObject(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("The body is over " + MAX_BODY_BYTES + " bytes.");
        }
        if (body.length == 0) {
            throw new BadRequestException("A JSON object body is required.");
        }
        JsonNode root;
        try {
            root = mapper.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new BadRequestException("The body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("The body must be a JSON object.");
        }
        firstFieldNamedTwice(body).ifPresent(field -> {
            throw new ValidationException(List.of(new FieldError(field, "appears more than once")));
        });
        return new JsonBody(root);
    }

    /**
     * The first field, in the order of the body, that an object of it names a second time, with its path ({@code
     * name}, {@code address.city}, {@code items[2].id}); empty when every object names each field once.
     */
    static Optional<String> firstFieldNamedTwice(byte[] body) {
        try (JsonParser parser = STREAMING.createParser(body)) {
            Deque<Set<String>> objects = new ArrayDeque<>();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT -> objects.push(new HashSet<>());
                    case END_OBJECT -> objects.pop();
                    case FIELD_NAME -> {
                        if (!objects.element().add(parser.currentName())) {
                            return Optional.of(path(parser.getParsingContext()));
                        }
                    }
                    default -> {
                        // Values: only names can repeat.
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new BadRequestException("The body is not valid JSON.");
        }
    }

    private static String path(JsonStreamContext field) {
        Deque<String> segments = new ArrayDeque<>();
        for (JsonStreamContext context = field; context != null && !context.inRoot(); context = context.getParent()) {
            segments.push(context.inArray() ? "[" + context.getCurrentIndex() + "]" : context.getCurrentName());
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            if (!path.isEmpty() && !segment.startsWith("[")) {
                path.append('.');
            }
            path.append(segment);
        }
        return path.toString();
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T read(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
