package io.tenantry.local.emulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tenantry.local.iam.PolicyDocument;
import io.tenantry.local.iam.PolicyException;
import io.tenantry.local.template.Intrinsics;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for STS on a loopback port: {@code AssumeRole} (and {@code GetCallerIdentity}) in the AWS Query protocol,
 * answered in STS's XML so that the SDK's {@code StsClient} reads it. Roles are registered by the owner with their
 * policies; each AssumeRole mints an {@code ASIA...} key pair and token and keeps the session (role, principal tags,
 * session policy, expiry) for the emulators to authorize the key's calls with ({@link #session}).
 *
 * <p>As the real STS, it accepts any tag: the policies decide what a tag is worth. Not modelled: the role's trust
 * policy (any caller may assume a registered role), request signatures, MFA, external ids, source identity.
 */
public final class LocalSts implements AutoCloseable {
    /** The prefix of every access key id this STS issues; any other key is not a session's. */
    public static final String SESSION_KEY_PREFIX = "ASIA";

    static final int MIN_DURATION_SECONDS = 900;
    /** Role chaining (a function's role assuming the tenant role) caps sessions at one hour. */
    static final int MAX_DURATION_SECONDS = 3600;

    private static final System.Logger LOG = System.getLogger(LocalSts.class.getName());
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]+)");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern TAG_PARAMETER = Pattern.compile("Tags\\.member\\.(\\d+)\\.(Key|Value)");
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final char[] KEY_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int PACKED_POLICY_LIMIT = 2048;

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, List<PolicyDocument>> roles = new ConcurrentHashMap<>();
    private final Map<String, StsSession> sessions = new ConcurrentHashMap<>();

    private LocalSts(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts the stand-in on a free loopback port. */
    public static LocalSts start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        LocalSts sts = new LocalSts(server, executor);
        server.createContext("/", sts::handle);
        server.start();
        return sts;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Makes {@code roleArn} assumable, with {@code policies} as its identity-based policies (replacing any). */
    public void registerRole(String roleArn, List<PolicyDocument> policies) {
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw new IllegalArgumentException("Not a role ARN: " + roleArn);
        }
        roles.put(roleArn, List.copyOf(policies));
    }

    /** The session {@code accessKeyId} belongs to, expired or not; empty for a key this STS did not issue. */
    public Optional<StsSession> session(String accessKeyId) {
        return accessKeyId == null ? Optional.empty() : Optional.ofNullable(sessions.get(accessKeyId));
    }

    /** True when {@code accessKeyId} has the shape of the keys this STS issues (issued by it or not). */
    public static boolean isSessionKey(String accessKeyId) {
        return accessKeyId != null && accessKeyId.startsWith(SESSION_KEY_PREFIX);
    }

    /** Ends a session now, as if its time were up: for tests of expiry that cannot wait fifteen minutes. */
    void expire(String accessKeyId) {
        sessions.computeIfPresent(
                accessKeyId,
                (key, s) -> new StsSession(
                        s.accessKeyId(),
                        s.secretAccessKey(),
                        s.sessionToken(),
                        s.roleArn(),
                        s.assumedRoleArn(),
                        s.assumedRoleId(),
                        s.principalTags(),
                        s.rolePolicies(),
                        s.sessionPolicy(),
                        Instant.now().minusSeconds(1)));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> parameters = parameters(exchange);
            String action = parameters.getOrDefault("Action", "");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Answer answer = switch (action) {
                case "AssumeRole" -> assumeRole(parameters, authorization);
                case "GetCallerIdentity" -> callerIdentity(authorization);
                default ->
                    Answer.error(
                            400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
            };
            byte[] body = answer.xml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", answer.requestId());
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "The local STS failed to answer", e);
            throw e;
        }
    }

    private Answer assumeRole(Map<String, String> parameters, String authorization) {
        String roleArn = parameters.get("RoleArn");
        String sessionName = parameters.get("RoleSessionName");
        if (roleArn == null || roleArn.length() < 20) {
            return Answer.validation("roleArn", roleArn, "Member must have length greater than or equal to 20");
        }
        if (sessionName == null || !SESSION_NAME.matcher(sessionName).matches()) {
            return Answer.validation(
                    "roleSessionName",
                    sessionName,
                    "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        int duration = MAX_DURATION_SECONDS;
        String durationText = parameters.get("DurationSeconds");
        if (durationText != null) {
            try {
                duration = Integer.parseInt(durationText);
            } catch (NumberFormatException e) {
                return Answer.validation("durationSeconds", durationText, "Member must be a number");
            }
            if (duration < MIN_DURATION_SECONDS) {
                return Answer.validation(
                        "durationSeconds", durationText, "Member must have value greater than or equal to 900");
            }
            if (duration > MAX_DURATION_SECONDS) {
                return Answer.error(
                        400,
                        "ValidationError",
                        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role"
                                + " chaining.");
            }
        }
        List<PolicyDocument> policies = roles.get(roleArn);
        Matcher role = ROLE_ARN.matcher(roleArn);
        if (policies == null || !role.matches()) {
            return Answer.error(
                    403,
                    "AccessDenied",
                    "User: " + callerArn(authorization) + " is not authorized to perform: sts:AssumeRole on resource: "
                            + roleArn);
        }
        PolicyDocument sessionPolicy = null;
        String policyJson = parameters.get("Policy");
        if (policyJson != null) {
            try {
                sessionPolicy = PolicyDocument.parse("session-policy", policyJson);
            } catch (PolicyException e) {
                return Answer.error(400, "MalformedPolicyDocument", "The policy is not in the valid JSON format.");
            }
        }
        Map<String, String> tags = tags(parameters);
        if (tags == null) {
            return Answer.error(
                    400,
                    "InvalidParameterValue",
                    "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        }

        String account = role.group(1);
        String roleName = role.group(2);
        String accessKeyId = SESSION_KEY_PREFIX + randomKey(16);
        String assumedRoleArn = "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
        String assumedRoleId = "AROA" + roleId(roleArn) + ":" + sessionName;
        Instant expiration = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(duration);
        StsSession session = new StsSession(
                accessKeyId,
                randomBase64(30),
                randomBase64(96),
                roleArn,
                assumedRoleArn,
                assumedRoleId,
                tags,
                policies,
                sessionPolicy,
                expiration);
        sessions.put(accessKeyId, session);

        StringBuilder result = new StringBuilder()
                .append("<AssumeRoleResult>")
                .append("<AssumedRoleUser>")
                .append(element("AssumedRoleId", assumedRoleId))
                .append(element("Arn", assumedRoleArn))
                .append("</AssumedRoleUser>")
                .append("<Credentials>")
                .append(element("AccessKeyId", accessKeyId))
                .append(element("SecretAccessKey", session.secretAccessKey()))
                .append(element("SessionToken", session.sessionToken()))
                .append(element("Expiration", expiration.toString()))
                .append("</Credentials>");
        if (policyJson != null || !tags.isEmpty()) {
            result.append(element("PackedPolicySize", String.valueOf(packedPolicySize(policyJson, tags))));
        }
        result.append("</AssumeRoleResult>");
        return Answer.ok("AssumeRole", result.toString());
    }

    private Answer callerIdentity(String authorization) {
        Optional<StsSession> session = session(accessKeyId(authorization));
        if (session.isPresent() && session.get().isExpired(Instant.now())) {
            return Answer.error(400, "ExpiredToken", "The security token included in the request is expired");
        }
        String userId = session.map(StsSession::assumedRoleId).orElse(Intrinsics.ACCOUNT_ID);
        return Answer.ok(
                "GetCallerIdentity",
                "<GetCallerIdentityResult>" + element("Arn", callerArn(authorization)) + element("UserId", userId)
                        + element("Account", Intrinsics.ACCOUNT_ID) + "</GetCallerIdentityResult>");
    }

    /** The assumed-role ARN of a session's key; the account's root for the base credentials (not modelled further). */
    private String callerArn(String authorization) {
        return session(accessKeyId(authorization))
                .map(StsSession::assumedRoleArn)
                .orElse("arn:aws:iam::" + Intrinsics.ACCOUNT_ID + ":root");
    }

    /** The access key id of a SigV4 {@code Authorization} header ({@code Credential=<key>/...}), or null. */
    static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher credential = CREDENTIAL.matcher(authorization);
        return credential.find() ? credential.group(1) : null;
    }

    /** The tags {@code Tags.member.N.Key/Value}, in order; null when two keys differ only in case. */
    private static Map<String, String> tags(Map<String, String> parameters) {
        Map<Integer, String[]> members = new TreeMap<>();
        parameters.forEach((name, value) -> {
            Matcher tag = TAG_PARAMETER.matcher(name);
            if (tag.matches()) {
                String[] member = members.computeIfAbsent(Integer.valueOf(tag.group(1)), n -> new String[2]);
                member[tag.group(2).equals("Key") ? 0 : 1] = value;
            }
        });
        Map<String, String> tags = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String[] member : members.values()) {
            if (member[0] == null) {
                continue;
            }
            if (!seen.add(member[0].toLowerCase(Locale.ROOT))) {
                return null;
            }
            tags.put(member[0], member[1] == null ? "" : member[1]);
        }
        return tags;
    }

    /** STS reports the packed size of session policies and tags as a percentage of its limit; ours is near it. */
    private static int packedPolicySize(String policyJson, Map<String, String> tags) {
        int size = policyJson == null ? 0 : policyJson.replaceAll("\\s+", "").length() / 3;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            size += tag.getKey().length() + tag.getValue().length();
        }
        return Math.max(1, Math.min(100, size * 100 / PACKED_POLICY_LIMIT));
    }

    private static Map<String, String> parameters(HttpExchange exchange) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        addForm(exchange.getRequestURI().getRawQuery(), parameters);
        addForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), parameters);
        return parameters;
    }

    private static void addForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            into.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    private String randomKey(int length) {
        char[] key = new char[length];
        for (int i = 0; i < length; i++) {
            key[i] = KEY_CHARACTERS[random.nextInt(KEY_CHARACTERS.length)];
        }
        return new String(key);
    }

    private String randomBase64(int bytes) {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        return Base64.getEncoder().encodeToString(data);
    }

    /** A stable id per role, as IAM gives each role one ({@code AROA} + 17 characters). */
    private static String roleId(String roleArn) {
        String hash = UUID.nameUUIDFromBytes(roleArn.getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", "")
                .toUpperCase(Locale.ROOT);
        return hash.substring(0, 17);
    }

    private static String element(String name, String value) {
        return "<" + name + ">" + escape(value) + "</" + name + ">";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    /** One response: status, the XML STS would send, and its request id. */
    private record Answer(int status, String xml, String requestId) {
        static Answer ok(String action, String result) {
            String requestId = UUID.randomUUID().toString();
            return new Answer(
                    200,
                    "<" + action + "Response xmlns=\"" + NAMESPACE + "\">" + result + "<ResponseMetadata>"
                            + element("RequestId", requestId) + "</ResponseMetadata></" + action + "Response>",
                    requestId);
        }

        static Answer error(int status, String code, String message) {
            String requestId = UUID.randomUUID().toString();
            return new Answer(
                    status,
                    "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type>" + element("Code", code)
                            + element("Message", message) + "</Error>" + element("RequestId", requestId)
                            + "</ErrorResponse>",
                    requestId);
        }

        /** STS's ValidationError for a parameter outside its constraint. */
        static Answer validation(String member, String value, String constraint) {
            return error(
                    400,
                    "ValidationError",
                    "1 validation error detected: Value '" + value + "' at '" + member
                            + "' failed to satisfy constraint: " + constraint);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
