package io.tenantry.local.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tenantry.local.backend.InvocationLog;
import io.tenantry.local.backend.async.AsyncInvoker;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.Arns;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Invoke API on the Lambda port, as {@code sam local start-lambda} offers it, so that
 * {@code aws lambda invoke --endpoint-url http://127.0.0.1:3001 --function-name <LogicalId>} works: {@code POST
 * /2015-03-31/functions/{name}/invocations} with the event as body (a name, an ARN, or either with a qualifier). A
 * result is 200 with the function's JSON; a function error is 200 with {@code X-Amz-Function-Error: Unhandled} and the
 * error JSON; a body that is not JSON is 400 {@code InvalidRequestContentException}; an unknown function is 404
 * {@code ResourceNotFoundException}. {@code X-Amz-Invocation-Type: Event} answers 202 at once and runs the function in
 * the background as Lambda runs asynchronous invocations (retries, then the function's destinations: {@link
 * AsyncInvoker}); {@code DryRun} answers 204. {@code GET /2015-03-31/functions/} lists the functions.
 */
public final class LambdaInvokeApi implements HttpHandler {
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");
    private static final Pattern LIST = Pattern.compile("^/2015-03-31/functions/?$");
    private static final String FUNCTION_ARN_PREFIX = "arn:aws:lambda:";

    private final Function<String, LocalFunction> functions;
    private final Collection<LocalFunction> all;
    private final AsyncInvoker async;
    private final InvocationLog log;

    public LambdaInvokeApi(Map<String, LocalFunction> functions, AsyncInvoker async, InvocationLog log) {
        this.functions = functions::get;
        this.all = functions.values();
        this.async = async;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        String requestId = UUID.randomUUID().toString();
        HttpReply reply;
        try {
            Matcher invoke = INVOKE.matcher(path);
            if (invoke.matches() && method.equals("POST")) {
                reply = invoke(exchange, RouteTable.decode(invoke.group(1)), requestId);
            } else if (LIST.matcher(path).matches() && method.equals("GET")) {
                reply = list();
            } else {
                reply = error(404, "UnknownOperationException", "Unknown operation " + method + " " + path);
            }
        } catch (RuntimeException e) {
            reply = error(500, "ServiceException", "The local Lambda service failed: " + e);
        }
        if (reply.firstHeader("X-Amzn-RequestId") == null) {
            reply.header("X-Amzn-RequestId", requestId);
        }
        Exchanges.send(exchange, reply);
    }

    private HttpReply invoke(HttpExchange exchange, String name, String requestId) throws IOException {
        LocalFunction function = functions.apply(functionName(name));
        if (function == null) {
            return error(404, "ResourceNotFoundException", "Function not found: " + Arns.function(functionName(name)));
        }
        byte[] event;
        try {
            event = Exchanges.body(exchange, LocalFunction.MAX_PAYLOAD_BYTES);
        } catch (Exchanges.TooLarge e) {
            return error(
                            413,
                            "RequestEntityTooLargeException",
                            "Request must be smaller than " + LocalFunction.MAX_PAYLOAD_BYTES
                                    + " bytes for the InvokeFunction operation")
                    .header("Connection", "close");
        }
        if (isBlank(event)) {
            event = "{}".getBytes();
        }
        try {
            Json.parse(event);
        } catch (JsonProcessingException e) {
            log.record(function.logicalId(), "error", 0, null, requestId, "invoke: the event is not JSON");
            return error(
                            400,
                            "InvalidRequestContentException",
                            "Could not parse request body into json: " + e.getOriginalMessage())
                    .header("X-Amz-Function-Error", "Unhandled");
        }
        String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        if ("DryRun".equals(type)) {
            return new HttpReply(204, null);
        }
        if ("Event".equals(type)) {
            async.submit(function.logicalId(), requestId, event, "invoke (Event)");
            return new HttpReply(202, null);
        }
        Invocation invocation = function.invoke(event);
        record(function, invocation, "invoke");
        HttpReply reply = new HttpReply(200, invocation.payload())
                .header("Content-Type", "application/json")
                .header("X-Amz-Executed-Version", "$LATEST")
                .header("X-Amzn-RequestId", invocation.requestId());
        if (invocation.failed()) {
            reply.header("X-Amz-Function-Error", "Unhandled");
        }
        return reply;
    }

    private void record(LocalFunction function, Invocation invocation, String what) {
        log.record(
                function.logicalId(),
                invocation,
                what + (invocation.failed() ? "  (" + invocation.errorType() + ")" : ""));
    }

    private HttpReply list() {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("Functions");
        for (LocalFunction function : all) {
            ObjectNode item = list.addObject();
            item.put("FunctionName", function.logicalId());
            item.put("FunctionArn", Arns.function(function.logicalId()));
            item.put("Runtime", "java21");
            item.put("Handler", function.handler());
            item.put("MemorySize", function.memoryMb());
            item.put("Timeout", function.timeoutSeconds());
            item.put("Version", "$LATEST");
        }
        return HttpReply.json(200, answer);
    }

    /** The function's name from a name, a partial or full ARN, with or without a qualifier. */
    static String functionName(String given) {
        String name = given;
        if (name.startsWith(FUNCTION_ARN_PREFIX)) {
            int at = name.indexOf(":function:");
            name = at < 0 ? name : name.substring(at + ":function:".length());
        } else if (name.contains(":function:")) {
            name = name.substring(name.indexOf(":function:") + ":function:".length());
        }
        int qualifier = name.indexOf(':');
        return qualifier < 0 ? name : name.substring(0, qualifier);
    }

    /** A Lambda service error: {@code x-amzn-ErrorType} and {@code {"Type": "User", "message": ...}}. */
    private static HttpReply error(int status, String type, String message) {
        ObjectNode body = Json.object();
        body.put("Type", "User");
        body.put("message", message);
        return HttpReply.json(status, body).header("x-amzn-ErrorType", type);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
