package io.tenantry.identity.handler;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.AccessTokenGeneration;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.ClaimsAndScopeOverrideDetails;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEventV2.IdTokenGeneration;
import io.micronaut.context.ApplicationContext;
import io.tenantry.identity.model.TokenClaims;
import io.tenantry.identity.service.ClaimsService;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.Claims;
import io.tenantry.shared.auth.EmailAddresses;
import io.tenantry.shared.json.EventHandler;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Cognito pre-token-generation trigger (event version 2): signs the user in by its identity (the
 * pool's issuer and the user's {@code sub}), accepting invitations only to a verified address, and
 * adds {@code tenant_id} and {@code role} — for the tenant named in the sign-in's client metadata
 * ({@code tenantId}) or the user's only tenant — and {@code email} and {@code email_verified} to the ID
 * and the access token, which carries no email claims of its own.
 */
public class PreTokenGenerationHandler
        extends EventHandler<CognitoUserPoolPreTokenGenerationEventV2, CognitoUserPoolPreTokenGenerationEventV2>
        implements Resource {
    @Inject
    ClaimsService claims;

    @Inject
    FunctionMetrics metrics;

    private final InstanceStart start = new InstanceStart();

    public PreTokenGenerationHandler() {
        super();
        Core.getGlobalContext().register(this);
    }

    public PreTokenGenerationHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public CognitoUserPoolPreTokenGenerationEventV2 execute(CognitoUserPoolPreTokenGenerationEventV2 event) {
        return metrics.invocation(getClass(), start, () -> addClaims(event));
    }

    private CognitoUserPoolPreTokenGenerationEventV2 addClaims(CognitoUserPoolPreTokenGenerationEventV2 event) {
        var request = event.getRequest();
        Map<String, String> attributes = request.getUserAttributes() == null ? Map.of() : request.getUserAttributes();
        String subject = attributes.get("sub");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("The user has no sub attribute.");
        }
        String issuer = "https://cognito-idp." + event.getRegion() + ".amazonaws.com/" + event.getUserPoolId();
        Optional<String> email = Optional.ofNullable(attributes.get("email"))
                .filter(EmailAddresses::isValid)
                .map(EmailAddresses::normalize);
        boolean verified = "true".equalsIgnoreCase(attributes.get("email_verified"));
        Caller caller = new Caller(issuer, subject, email, verified, Optional.empty(), Optional.empty());
        Map<String, String> metadata = request.getClientMetadata() == null ? Map.of() : request.getClientMetadata();
        TokenClaims resolved = claims.resolve(caller, Optional.ofNullable(metadata.get("tenantId")));
        Map<String, String> added = new HashMap<>(resolved.tenantClaims());
        email.ifPresent(e -> added.put(Claims.EMAIL, e));
        added.put(Claims.EMAIL_VERIFIED, Boolean.toString(verified));
        return withClaims(event, added);
    }

    /** The event answered: {@code added} to both the ID and the access token. */
    private static CognitoUserPoolPreTokenGenerationEventV2 withClaims(
            CognitoUserPoolPreTokenGenerationEventV2 event, Map<String, String> added) {
        event.setResponse(CognitoUserPoolPreTokenGenerationEventV2.Response.builder()
                .withClaimsAndScopeOverrideDetails(ClaimsAndScopeOverrideDetails.builder()
                        .withIdTokenGeneration(IdTokenGeneration.builder()
                                .withClaimsToAddOrOverride(added)
                                .build())
                        .withAccessTokenGeneration(AccessTokenGeneration.builder()
                                .withClaimsToAddOrOverride(added)
                                .build())
                        .build())
                .build());
        return event;
    }

    /**
     * Before a SnapStart snapshot: the priming identity's sign-in, from the trigger's JSON to the answer's, {@code
     * tenantry.priming.rounds} times. Its pool (region and pool id {@code priming}) is no Cognito pool, so its user is
     * not found, and the write that would make it is stopped before it is sent; the answer written holds no tenant's
     * claims. Then the metrics emitter.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming priming = applicationContext.getBean(Priming.class);
        priming.primeEvents("the Cognito trigger", this::primeOnce);
        priming.primeMetrics();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing held before the snapshot is unique to an instance: priming drops its id generator.
    }

    private void primeOnce() {
        CognitoUserPoolPreTokenGenerationEventV2 event = throughJson(primingEvent());
        try {
            addClaims(event);
        } catch (RuntimeException e) {
            if (!PrimingGuard.stopped(e)) {
                throw e;
            }
        }
        writeNowhere(withClaims(event, Map.of(Claims.EMAIL_VERIFIED, "false")));
    }

    /** The priming identity's token request: a pool that cannot exist, an address that is not verified. */
    static CognitoUserPoolPreTokenGenerationEventV2 primingEvent() {
        CognitoUserPoolPreTokenGenerationEventV2.Request request =
                new CognitoUserPoolPreTokenGenerationEventV2.Request();
        request.setUserAttributes(
                Map.of("sub", "priming", "email", "priming@tenantry.invalid", "email_verified", "false"));
        request.setClientMetadata(Map.of());
        CognitoUserPoolPreTokenGenerationEventV2 event = new CognitoUserPoolPreTokenGenerationEventV2();
        event.setVersion("2");
        event.setTriggerSource("TokenGeneration_Authentication");
        event.setRegion("priming");
        event.setUserPoolId("priming");
        event.setUserName("priming");
        event.setRequest(request);
        return event;
    }
}
