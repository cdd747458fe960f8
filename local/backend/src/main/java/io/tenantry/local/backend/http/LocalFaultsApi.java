package io.tenantry.local.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.faults.Faults;
import io.tenantry.local.function.Json;
import io.tenantry.shared.problem.BadRequestException;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.MethodNotAllowedException;
import io.tenantry.shared.problem.NotFoundException;
import io.tenantry.shared.problem.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /local/faults}: the faults the functions' AWS calls meet. {@code POST} adds one ({@code {"service",
 * "operation"?, "error", "rate"?, "count"?}}, answered 201 {@code {"id", ...}}), {@code GET} lists them with the
 * attempts each has failed, {@code DELETE} clears them all and {@code DELETE /local/faults/{id}} one.
 */
public final class LocalFaultsApi implements LocalApi {
    static final String PATH = "/local/faults";
    private static final Set<String> FIELDS = Set.of("service", "operation", "error", "rate", "count");

    private final Faults faults;

    public LocalFaultsApi(Faults faults) {
        this.faults = faults;
    }

    @Override
    public HttpReply handle(GatewayRequest request) {
        String path = request.rawPath();
        if (path.equals(PATH)) {
            return switch (request.method()) {
                case "POST" -> HttpReply.json(201, describe(add(request.body()), 0));
                case "GET", "HEAD" -> HttpReply.json(200, list());
                case "DELETE" -> {
                    faults.clear();
                    yield new HttpReply(204, new byte[0]);
                }
                default -> throw new MethodNotAllowedException(request.method(), "GET, POST, DELETE");
            };
        }
        if (path.startsWith(PATH + "/") && path.length() > PATH.length() + 1) {
            if (!request.method().equals("DELETE")) {
                throw new MethodNotAllowedException(request.method(), "DELETE");
            }
            String id = RouteTable.decode(path.substring(PATH.length() + 1));
            if (!faults.remove(id)) {
                throw new NotFoundException("No fault " + id + ".");
            }
            return new HttpReply(204, new byte[0]);
        }
        return null;
    }

    private Faults.Rule add(byte[] body) {
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("The body is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new BadRequestException("The body must be a JSON object such as {\"service\": \"dynamodb\","
                    + " \"error\": \"throttling\"}.");
        }
        List<FieldError> errors = new ArrayList<>();
        json.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "Unknown field; the fields are " + new TreeSet<>(FIELDS) + "."));
            }
        });
        String service = text(json, "service", errors);
        if (service == null) {
            errors.add(new FieldError("service", "Required: one of " + new TreeSet<>(Faults.SERVICES) + "."));
        } else if (!Faults.SERVICES.contains(service)) {
            errors.add(new FieldError("service", "One of " + new TreeSet<>(Faults.SERVICES) + "."));
        }
        String operation = text(json, "operation", errors);
        if (operation != null && operation.isBlank()) {
            errors.add(new FieldError("operation", "An operation name such as PutItem, or leave it out."));
        }
        String errorName = text(json, "error", errors);
        Faults.Error error =
                errorName == null ? null : Faults.Error.of(errorName).orElse(null);
        if (error == null) {
            errors.add(new FieldError("error", "Required: one of throttling, server, timeout."));
        }
        double rate = 1.0;
        JsonNode rateNode = json.get("rate");
        if (rateNode != null && !rateNode.isNull()) {
            if (!rateNode.isNumber() || rateNode.asDouble() < 0.0 || rateNode.asDouble() > 1.0) {
                errors.add(new FieldError("rate", "A number from 0.0 to 1.0."));
            } else {
                rate = rateNode.asDouble();
            }
        }
        Integer count = null;
        JsonNode countNode = json.get("count");
        if (countNode != null && !countNode.isNull()) {
            if (!countNode.isIntegralNumber() || countNode.asLong() < 1 || countNode.asLong() > Integer.MAX_VALUE) {
                errors.add(new FieldError("count", "A whole number of attempts, at least 1."));
            } else {
                count = countNode.asInt();
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return faults.add(service, operation, error, rate, count);
    }

    private static String text(JsonNode json, String field, List<FieldError> errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "A string."));
            return null;
        }
        return node.asText();
    }

    private ObjectNode list() {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("faults");
        faults.list().forEach(i -> list.add(describe(i.rule(), i.injected())));
        return answer;
    }

    private static ObjectNode describe(Faults.Rule rule, long injected) {
        ObjectNode node = Json.object();
        node.put("id", rule.id());
        node.put("service", rule.service());
        if (rule.operation() != null) {
            node.put("operation", rule.operation());
        }
        node.put("error", rule.error().wireName());
        node.put("rate", rule.rate());
        if (rule.count() != null) {
            node.put("count", rule.count());
        }
        node.put("injected", injected);
        return node;
    }
}
