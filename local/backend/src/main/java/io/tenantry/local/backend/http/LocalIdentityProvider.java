package io.tenantry.local.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Json;
import io.tenantry.shared.auth.EmailAddresses;
import io.tenantry.shared.problem.BadRequestException;
import io.tenantry.shared.problem.FieldError;
import io.tenantry.shared.problem.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local identity provider (never deployed): {@code POST /local/auth/token} issues a token for an email address,
 * with the {@code tenant_id}/{@code role} claims that {@code ClaimsService} resolves (the code the cloud's
 * pre-token-generation trigger runs); {@code GET /local/auth/jwks.json} publishes its key; and an OpenID discovery
 * document names both. The gateway's JWT authorizer trusts this issuer.
 */
public final class LocalIdentityProvider {
    public static final String AUDIENCE = "tenantry-local";
    public static final String PATH = "/local/auth";

    /**
     * The issuer ({@code iss}) of local tokens: one fixed name, whatever port the backend serves on,
     * because a user is (issuer, subject) and data kept with {@code --data-dir} must still belong to
     * the same users after a restart on another port. The endpoints are served under {@link #PATH}.
     */
    public static final String ISSUER = "https://tenantry.local/auth";

    private final LocalTokenIssuer issuer;
    private final String baseUrl;

    /** @param baseUrl the API's base URL, under which {@link #PATH} is served */
    public LocalIdentityProvider(LocalTokenIssuer issuer, String baseUrl) {
        this.issuer = issuer;
        this.baseUrl = baseUrl;
    }

    public String issuer() {
        return issuer.issuer();
    }

    public String audience() {
        return issuer.audience();
    }

    public String jwksJson() {
        return issuer.jwksJson();
    }

    /**
     * {@code POST /local/auth/token} with {@code {"email", "tenantId"?, "emailVerified"? (default true),
     * "sub"? (default: derived stably from the email)}}: 200 {@code {"token": ...}}, 400 for a bad body.
     * A tenant that is not one of the user's active memberships gives a token without tenant claims.
     */
    public HttpReply token(byte[] body) {
        JsonNode request;
        try {
            request = body.length == 0 ? null : Json.parse(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("The body is not valid JSON.");
        }
        if (request == null || !request.isObject()) {
            throw new BadRequestException(
                    "The body must be a JSON object: {\"email\": \"...\", \"tenantId\": \"...\" (optional)}.");
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode email = request.get("email");
        if (email == null || email.isNull()) {
            errors.add(new FieldError("email", "is required"));
        } else if (!email.isTextual() || !EmailAddresses.isValid(email.asText())) {
            errors.add(new FieldError("email", "must be an email address"));
        }
        JsonNode tenantId = request.get("tenantId");
        if (tenantId != null
                && !tenantId.isNull()
                && (!tenantId.isTextual() || tenantId.asText().isBlank())) {
            errors.add(new FieldError("tenantId", "must be a tenant id"));
        }
        JsonNode verified = request.get("emailVerified");
        if (verified != null && !verified.isNull() && !verified.isBoolean()) {
            errors.add(new FieldError("emailVerified", "must be true or false"));
        }
        JsonNode sub = request.get("sub");
        if (sub != null
                && !sub.isNull()
                && (!sub.isTextual() || sub.asText().isBlank() || sub.asText().length() > 255)) {
            errors.add(new FieldError("sub", "must be a string of 1 to 255 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Optional<String> tenant =
                tenantId == null || tenantId.isNull() ? Optional.empty() : Optional.of(tenantId.asText());
        boolean emailVerified = verified == null || verified.isNull() || verified.asBoolean();
        Optional<String> subject = sub == null || sub.isNull() ? Optional.empty() : Optional.of(sub.asText());
        String token = issuer.issue(email.asText(), emailVerified, subject, tenant);
        ObjectNode answer = Json.object();
        answer.put("token", token);
        answer.put("tokenType", "Bearer");
        answer.put("expiresIn", LocalTokenIssuer.LIFETIME.toSeconds());
        return HttpReply.json(200, answer);
    }

    /** {@code GET /local/auth/jwks.json}. */
    public HttpReply jwks() {
        return new HttpReply(200, issuer.jwksJson().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Type", "application/json; charset=utf-8");
    }

    /** {@code GET /local/auth/.well-known/openid-configuration}. */
    public HttpReply discovery() {
        ObjectNode document = Json.object();
        document.put("issuer", issuer.issuer());
        document.put("jwks_uri", baseUrl + PATH + "/jwks.json");
        document.put("token_endpoint", baseUrl + PATH + "/token");
        document.putArray("id_token_signing_alg_values_supported").add("RS256");
        document.putArray("response_types_supported").add("token");
        document.putArray("subject_types_supported").add("public");
        return HttpReply.json(200, document);
    }
}
