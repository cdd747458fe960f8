package io.tenantry.local.backend.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.emulators.LocalSes;
import io.tenantry.local.function.Json;
import io.tenantry.shared.auth.EmailAddresses;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.MethodNotAllowedException;
import io.tenantry.shared.problem.ValidationException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /local/mail?to=<address>}: the emails the functions sent through SES, which the embedded SES kept instead
 * of delivering ({@link LocalSes}), so that a person can follow an invitation link and a test can read what was sent.
 * One entry per recipient and message, oldest first: {@code {"messages": [{"to", "from", "subject", "text", "html",
 * "sentAt", "messageId"}]}}, {@code text} or {@code html} null when the message had none. Without {@code to}, every
 * recipient's; with it, that address's only (compared ignoring case). A {@code to} that is not an email address
 * answers 400 naming it, rather than an empty list that would pass for "nothing sent".
 */
public final class LocalMailApi implements LocalApi {
    static final String PATH = "/local/mail";

    private final LocalSes ses;

    public LocalMailApi(LocalSes ses) {
        this.ses = ses;
    }

    @Override
    public HttpReply handle(GatewayRequest request) {
        if (!PATH.equals(request.rawPath())) {
            return null;
        }
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new MethodNotAllowedException(method, "GET");
        }
        String to = ApiEvents.queryParameters(request.rawQuery()).get("to");
        if (to != null && !EmailAddresses.isValid(to)) {
            throw new ValidationException(
                    List.of(new FieldError("to", "An email address (at most 254 characters), or leave it out.")));
        }
        ObjectNode answer = Json.object();
        ArrayNode messages = answer.putArray("messages");
        for (LocalSes.Mail mail : ses.messages(Optional.ofNullable(to).map(String::trim))) {
            messages.addObject()
                    .put("to", mail.to())
                    .put("from", mail.from())
                    .put("subject", mail.subject())
                    .put("text", mail.text())
                    .put("html", mail.html())
                    .put("sentAt", mail.sentAt().toString())
                    .put("messageId", mail.messageId());
        }
        return HttpReply.json(200, answer);
    }
}
