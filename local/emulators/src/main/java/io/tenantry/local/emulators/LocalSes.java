package io.tenantry.local.emulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tenantry.local.iam.Decision;
import io.tenantry.local.iam.RequestContext;
import io.tenantry.local.template.Intrinsics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for Amazon SES (API v2) on a free loopback port, so that the functions' emails are kept where a person or
 * a test can read them ({@link #messages}; the local backend's {@code GET /local/mail}) instead of going out. It
 * answers {@code SendEmail} ({@code POST /v2/email/outbound-emails}, REST-JSON) as the SDK's {@code SesV2Client}
 * sends it, with {@code {"MessageId"}}; a message SES would refuse is refused with SES's error shape (status 400,
 * header {@code x-amzn-ErrorType: BadRequestException}, body {@code {"message"}}), from which the SDK throws its
 * {@code BadRequestException}, and nothing is kept ({@link SesSendEmail} says what is checked).
 *
 * <p>A call signed with a session's key (an {@code ASIA} key of the local STS) is held to the session's policies, as
 * IAM would hold it: {@code ses:SendEmail} on the sender's domain identity ({@code
 * arn:aws:ses:<region>:<account>:identity/<domain>}); other keys pass. Not modelled: verified identities and the
 * sandbox (any sender, any recipient), sending quotas, configuration sets (the name is kept, not checked), request
 * signatures, attachments and custom headers (accepted, not kept). Messages live in memory, the latest
 * {@value #KEPT} at most.
 */
public final class LocalSes implements AutoCloseable {
    /** The path of {@code SendEmail}. */
    public static final String SEND_EMAIL = "/v2/email/outbound-emails";
    /** How many kept messages (one per recipient) a long-running backend holds before dropping the oldest. */
    static final int KEPT = 10_000;

    private static final System.Logger LOG = System.getLogger(LocalSes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Function<String, Optional<StsSession>> sessions;
    /** Oldest first. Guarded by itself. */
    private final Deque<Mail> kept = new ArrayDeque<>();

    /**
     * One message as one recipient's mailbox holds it.
     *
     * @param to the recipient's bare address ({@code a@example.com}, without a display name)
     * @param addressedAs the destination field that named the recipient: {@code To}, {@code Cc} or {@code Bcc}
     * @param from {@code FromEmailAddress} as sent (a display name included)
     * @param text the text body, or null
     * @param html the HTML body, or null
     * @param tags the {@code EmailTags}, by name
     * @param configurationSetName {@code ConfigurationSetName}, or null
     */
    public record Mail(
            String messageId,
            String to,
            String addressedAs,
            String from,
            String subject,
            String text,
            String html,
            Map<String, String> tags,
            String configurationSetName,
            Instant sentAt) {}

    private LocalSes(HttpServer server, ExecutorService executor, Function<String, Optional<StsSession>> sessions) {
        this.server = server;
        this.executor = executor;
        this.sessions = sessions;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts with no STS behind it: calls signed with a session's key are refused. */
    public static LocalSes start() {
        return start(key -> Optional.empty());
    }

    /** Starts; a call signed with a session's key is held to what {@code sessions} says of that key. */
    public static LocalSes start(Function<String, Optional<StsSession>> sessions) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LocalSes ses = new LocalSes(server, executor, sessions);
            server.createContext("/", ses::handle);
            server.setExecutor(executor);
            server.start();
            return ses;
        } catch (IOException e) {
            throw new UncheckedIOException("The local SES did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * The messages kept so far, oldest first: all of them, or those of one recipient (its address compared ignoring
     * case).
     */
    public List<Mail> messages(Optional<String> to) {
        synchronized (kept) {
            return kept.stream()
                    .filter(mail -> to.isEmpty() || mail.to().equalsIgnoreCase(to.get()))
                    .toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            ObjectNode answer;
            try {
                if (!SEND_EMAIL.equals(exchange.getRequestURI().getPath())
                        || !"POST".equals(exchange.getRequestMethod())) {
                    throw new ServiceError(
                            404,
                            "UnknownOperationException",
                            "The local SES answers SendEmail only (POST " + SEND_EMAIL + ").");
                }
                SesSendEmail request = SesSendEmail.parse(read(exchange));
                authorize(exchange.getRequestHeaders().getFirst("Authorization"), request);
                answer = JSON.createObjectNode().put("MessageId", keep(request));
            } catch (ServiceError e) {
                status = e.status;
                answer = JSON.createObjectNode().put("message", e.getMessage());
                exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type);
            }
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "The local SES failed to answer", e);
            throw e;
        }
    }

    private static JsonNode read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ServiceError(400, "BadRequestException", "The request body is not JSON.");
        }
    }

    /** Keeps one {@link Mail} per recipient; answers the message's id. */
    private String keep(SesSendEmail request) {
        String messageId = String.format(Locale.ROOT, "%016x-%s-000000", System.currentTimeMillis(), UUID.randomUUID());
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        synchronized (kept) {
            for (SesSendEmail.Recipient recipient : request.recipients()) {
                kept.addLast(new Mail(
                        messageId,
                        recipient.address(),
                        recipient.addressedAs(),
                        request.from(),
                        request.subject(),
                        request.text(),
                        request.html(),
                        request.tags(),
                        request.configurationSetName(),
                        sentAt));
                if (kept.size() > KEPT) {
                    kept.removeFirst();
                }
            }
        }
        return messageId;
    }

    /**
     * A call with a session's key is allowed only where the session's policies allow {@code ses:SendEmail} on the
     * sender's domain identity, with the condition key {@code ses:FromAddress} set to the sender; an unknown or expired session key is refused. Other keys (the base credentials) pass.
     */
    private void authorize(String authorization, SesSendEmail request) {
        String key = LocalSts.accessKeyId(authorization);
        if (!LocalSts.isSessionKey(key)) {
            return;
        }
        StsSession session = sessions.apply(key)
                .orElseThrow(() -> new ServiceError(
                        403, "UnrecognizedClientException", "The security token included in the request is invalid."));
        if (session.isExpired(Instant.now())) {
            throw new ServiceError(
                    403, "ExpiredTokenException", "The security token included in the request is expired");
        }
        String address = request.fromAddress();
        String identity = "arn:aws:ses:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":identity/"
                + address.substring(address.indexOf('@') + 1);
        Decision decision = session.authorize(
                List.of(RequestContext.of("ses:SendEmail", identity).with("ses:FromAddress", address)));
        if (!decision.allowed()) {
            throw new ServiceError(403, "AccessDeniedException", session.deniedMessage(decision));
        }
    }

    /** An error the SDK reads as the service's: its status, {@code x-amzn-ErrorType} and message. */
    static final class ServiceError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String type;

        ServiceError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }
}
