package io.tenantry.shared.aws;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.problem.ServiceUnavailableException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Tenant-scoped credentials: the function's role assumes a tenant role with the session tag {@value
 * #TENANT_ID_TAG} set to the tenant's id: the read-write one ({@code TENANTRY_TENANT_ROLE_ARN}), or
 * for a read-only scope the read-only one ({@code TENANTRY_TENANT_READ_ROLE_ARN}; every function is
 * told both, and IAM lets a {@code GET} route's role assume only the read-only one). That role's policy reaches the table only where every partition key is {@code TENANT#<id>} or
 * {@code TENANT#<id>#...}, and the buckets only under {@code tenants/<id>/}, with the id taken from
 * the session's tag: whatever key a repository forms, IAM refuses another tenant's.
 *
 * <p>Credentials are kept per tenant per instance and used while at least {@link #MIN_REMAINING} of
 * their hour is left: every presigned URL is signed by credentials that outlive it (URLs are valid
 * for at most that long; a URL dies with the session that signed it). No real tenant's are vended
 * during initialisation: priming vends only the priming tenant's, whose partitions hold nothing, and
 * {@link #forget} drops them before a SnapStart snapshot and again after a restore. With no role configured the function's own credentials are used (tests and tools without
 * STS); inside Lambda that is refused, so a deployment cannot lose its isolation by omission.
 */
@Singleton
public final class TenantCredentials {
    public static final String TENANT_ID_TAG = "TenantId";
    /** The longest a presigned URL may live: credentials are replaced while they have this much left. */
    public static final Duration MIN_REMAINING = Duration.ofMinutes(30);

    static final int MAX_CACHED = 1_000;
    private static final Duration SESSION = Duration.ofHours(1);
    private static final Pattern TENANT_ID = Pattern.compile("ten_[0-9A-HJKMNP-TV-Z]{26}");
    private static final Logger LOG = LoggerFactory.getLogger(TenantCredentials.class);

    private final Optional<String> roleArn;
    private final Optional<String> readRoleArn;
    private final StsClient sts;
    private final AwsCredentialsProvider own;
    private final Clock clock;
    private final Map<Key, Session> sessions = new ConcurrentHashMap<>();

    private record Key(String tenantId, TenantScope.Access access) {}

    private record Session(AwsSessionCredentials credentials, Instant expiresAt) {}

    public TenantCredentials(
            @Value("${tenantry.tenant.role.arn:}") String roleArn,
            @Value("${tenantry.tenant.read.role.arn:}") String readRoleArn,
            @Value("${aws.lambda.function.name:}") String lambdaFunction,
            StsClient sts,
            @Named(AwsClientFactory.FUNCTION_ROLE) AwsCredentialsProvider own,
            Clock clock) {
        this.roleArn = Optional.of(roleArn).filter(arn -> !arn.isBlank());
        this.readRoleArn =
                Optional.of(readRoleArn).filter(arn -> !arn.isBlank()).or(() -> this.roleArn);
        if (this.roleArn.isEmpty() && !lambdaFunction.isBlank()) {
            throw new IllegalStateException(
                    "TENANTRY_TENANT_ROLE_ARN is not set: tenant routes would run with the function's own role.");
        }
        this.sts = sts;
        this.own = own;
        this.clock = clock;
    }

    /** Whether tenant routes get scoped credentials (false only where no role is configured). */
    public boolean scoped() {
        return roleArn.isPresent();
    }

    /** Credentials that reach only {@code tenantId}'s data, with {@code access}; vended on first use, then kept. */
    public AwsCredentials credentials(String tenantId, TenantScope.Access access) {
        if (roleArn.isEmpty()) {
            return own.resolveCredentials();
        }
        if (!TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("Not a tenant id: " + tenantId);
        }
        Instant freshUntil = clock.instant().plus(MIN_REMAINING);
        Key key = new Key(tenantId, access);
        Session session = sessions.get(key);
        if (session == null || session.expiresAt().isBefore(freshUntil)) {
            session = sessions.compute(
                    key,
                    (k, cached) -> cached != null && !cached.expiresAt().isBefore(freshUntil) ? cached : assume(k));
            if (sessions.size() > MAX_CACHED) {
                sessions.keySet().removeIf(k -> !k.equals(key));
            }
        }
        return session.credentials();
    }

    /** Drops every kept credential (after a SnapStart restore: a snapshot must not carry any). */
    public void forget() {
        sessions.clear();
    }

    private Session assume(Key key) {
        String tenantId = key.tenantId();
        String role = key.access() == TenantScope.Access.READ_ONLY ? readRoleArn.get() : roleArn.get();
        long started = System.nanoTime();
        Credentials issued;
        try {
            issued = sts.assumeRole(b -> b.roleArn(role)
                            .roleSessionName(tenantId)
                            .durationSeconds((int) SESSION.toSeconds())
                            .tags(Tag.builder()
                                    .key(TENANT_ID_TAG)
                                    .value(tenantId)
                                    .build()))
                    .credentials();
        } catch (SdkException e) {
            LOG.warn("Tenant credentials could not be vended: {}", e.toString());
            throw new ServiceUnavailableException("Tenant credentials could not be issued; try again shortly.", 1);
        }
        LOG.atDebug()
                .addKeyValue("tenantId", tenantId)
                .addKeyValue("vendMs", (System.nanoTime() - started) / 1_000_000)
                .log("tenant credentials vended");
        return new Session(
                AwsSessionCredentials.builder()
                        .accessKeyId(issued.accessKeyId())
                        .secretAccessKey(issued.secretAccessKey())
                        .sessionToken(issued.sessionToken())
                        .expirationTime(issued.expiration())
                        .build(),
                issued.expiration());
    }
}
