package io.tenantry.local.emulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A Secrets Manager stand-in on a free loopback port, speaking the AWS JSON 1.1 protocol the SDK uses ({@code
 * X-Amz-Target: secretsmanager.<Operation>}): {@code CreateSecret}, {@code GetSecretValue} (by {@code VersionId} or
 * {@code VersionStage}, {@code AWSCURRENT} by default), {@code PutSecretValue} (the new version becomes {@code
 * AWSCURRENT} and the one it replaces {@code AWSPREVIOUS}, as the service does), {@code UpdateSecretVersionStage}
 * (what a rotation's last step calls) and {@code DescribeSecret}. Errors are shaped as the service's (status 400,
 * {@code __type} and {@code Message}), so the SDK throws its own exceptions ({@code ResourceNotFoundException}…).
 * Signatures are not checked. With a data folder, secrets persist in {@code secrets.json} there, so a value (a cursor
 * key) survives a restart; without one they live in memory.
 */
public final class LocalSecretsManager implements AutoCloseable {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    private static final String TARGET_PREFIX = "secretsmanager.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String FILE = "secrets.json";
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Function<String, Optional<StsSession>> sessions;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Path file;
    private final SecureRandom random = new SecureRandom();
    /** By name, in creation order. Guarded by {@code this}. */
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    private LocalSecretsManager(
            HttpServer server, ExecutorService executor, Path file, Function<String, Optional<StsSession>> sessions) {
        this.server = server;
        this.sessions = sessions;
        this.executor = executor;
        this.file = file;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts in memory. */
    public static LocalSecretsManager start() {
        return start(null);
    }

    /** Starts, keeping secrets in {@code dataDir/secrets.json} (null: in memory); session keys are refused. */
    public static LocalSecretsManager start(Path dataDir) {
        return start(dataDir, key -> Optional.empty());
    }

    /**
     * Starts; a call signed with a session's key (an {@code ASIA} key of the local STS) is held to that session's
     * policies, as IAM would hold it: {@code secretsmanager:<Operation>} on the secret's ARN.
     */
    public static LocalSecretsManager start(Path dataDir, Function<String, Optional<StsSession>> sessions) {
        Path file = null;
        try {
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                file = dataDir.resolve(FILE);
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LocalSecretsManager manager = new LocalSecretsManager(server, executor, file, sessions);
            manager.load();
            server.createContext("/", manager::handle);
            server.setExecutor(executor);
            server.start();
            return manager;
        } catch (IOException e) {
            throw new UncheckedIOException("The local Secrets Manager did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------ the protocol

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            ObjectNode answer;
            int status = 200;
            try {
                if (!"POST".equals(exchange.getRequestMethod())
                        || target == null
                        || !target.startsWith(TARGET_PREFIX)) {
                    throw new ServiceError("UnknownOperationException", "No such operation.");
                }
                JsonNode request;
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                } catch (JsonProcessingException e) {
                    throw new ServiceError("SerializationException", "The request body is not JSON.");
                }
                String operation = target.substring(TARGET_PREFIX.length());
                authorize(exchange.getRequestHeaders().getFirst("Authorization"), operation, request);
                answer = operation(operation, request);
            } catch (ServiceError e) {
                status = 400;
                answer = JSON.createObjectNode().put("__type", e.type).put("Message", e.getMessage());
            }
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * A call with a session's key is allowed only where the session's policies allow {@code
     * secretsmanager:<Operation>} on the secret (the tenant roles allow none); an unknown or expired session key is
     * refused. Other keys (the base credentials) pass.
     */
    private synchronized void authorize(String authorization, String operation, JsonNode request) {
        String key = accessKeyId(authorization);
        if (key == null || !LocalSts.isSessionKey(key)) {
            return;
        }
        StsSession session = sessions.apply(key)
                .orElseThrow(() -> new ServiceError(
                        "UnrecognizedClientException", "The security token included in the request is invalid."));
        if (session.isExpired(java.time.Instant.now())) {
            throw new ServiceError("ExpiredTokenException", "The security token included in the request is expired");
        }
        String action = "secretsmanager:" + operation;
        String id = request.path("SecretId").asText(request.path("Name").asText("*"));
        String resource = secrets.values().stream()
                .filter(secret -> secret.name().equals(id) || secret.arn().equals(id))
                .map(Secret::arn)
                .findFirst()
                .orElse("arn:aws:secretsmanager:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":secret:" + id);
        Decision decision = session.authorize(List.of(RequestContext.of(action, resource)));
        if (!decision.allowed()) {
            throw new ServiceError("AccessDeniedException", session.deniedMessage(decision));
        }
    }

    private static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        int end = authorization.indexOf('/', at);
        return end < 0 ? null : authorization.substring(at + "Credential=".length(), end);
    }

    private ObjectNode operation(String name, JsonNode request) {
        return switch (name) {
            case "CreateSecret" -> createSecret(request);
            case "GetSecretValue" -> getSecretValue(request);
            case "PutSecretValue" -> putSecretValue(request);
            case "UpdateSecretVersionStage" -> updateSecretVersionStage(request);
            case "DescribeSecret" -> describeSecret(request);
            default -> throw new ServiceError("UnknownOperationException", name + " is not supported locally.");
        };
    }

    private synchronized ObjectNode createSecret(JsonNode request) {
        String name = required(request, "Name");
        if (secrets.containsKey(name)) {
            throw new ServiceError(
                    "ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        long now = System.currentTimeMillis();
        String arn = "arn:aws:secretsmanager:" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":secret:" + name
                + "-" + suffix();
        List<Version> versions = new ArrayList<>();
        Value value = value(request);
        String versionId = null;
        if (value != null) {
            versionId = versionId(request);
            versions.add(new Version(versionId, value.string(), value.binary(), List.of(CURRENT), now));
        }
        secrets.put(name, new Secret(name, arn, text(request, "Description"), now, now, versions));
        save();
        ObjectNode answer = JSON.createObjectNode().put("ARN", arn).put("Name", name);
        if (versionId != null) {
            answer.put("VersionId", versionId);
        }
        return answer;
    }

    private synchronized ObjectNode getSecretValue(JsonNode request) {
        Secret secret = secret(required(request, "SecretId"));
        String versionId = text(request, "VersionId");
        String stage = text(request, "VersionStage");
        Version version;
        if (versionId != null) {
            version = secret.version(versionId)
                    .filter(v -> stage == null || v.stages().contains(stage))
                    .orElseThrow(() -> new ServiceError(
                            "ResourceNotFoundException",
                            "Secrets Manager can't find the specified secret value for VersionId: " + versionId));
        } else {
            String label = stage == null ? CURRENT : stage;
            version = secret.staged(label)
                    .orElseThrow(() -> new ServiceError(
                            "ResourceNotFoundException",
                            "Secrets Manager can't find the specified secret value for staging label: " + label));
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("VersionId", version.id())
                .put("CreatedDate", version.created() / 1000.0);
        if (version.string() != null) {
            answer.put("SecretString", version.string());
        } else {
            answer.put("SecretBinary", version.binary());
        }
        version.stages().forEach(answer.putArray("VersionStages")::add);
        return answer;
    }

    private synchronized ObjectNode putSecretValue(JsonNode request) {
        Secret secret = secret(required(request, "SecretId"));
        Value value = value(request);
        if (value == null) {
            throw new ServiceError("InvalidRequestException", "You must provide either SecretString or SecretBinary.");
        }
        String versionId = versionId(request);
        List<String> stages = request.has("VersionStages")
                ? JSON.convertValue(request.get("VersionStages"), new TypeReference<List<String>>() {})
                : List.of(CURRENT);
        Optional<Version> existing = secret.version(versionId);
        if (existing.isPresent()) {
            if (!Objects.equals(existing.get().string(), value.string())
                    || !Objects.equals(existing.get().binary(), value.binary())) {
                throw new ServiceError(
                        "ResourceExistsException",
                        "A version with VersionId " + versionId + " already exists with a different value.");
            }
            return versionAnswer(secret, existing.get());
        }
        long now = System.currentTimeMillis();
        List<Version> versions = new ArrayList<>(secret.versions());
        versions.add(new Version(versionId, value.string(), value.binary(), List.of(), now));
        for (String stage : stages) {
            versions = moveStage(versions, stage, versionId);
        }
        Secret changed = secret.withVersions(versions, now);
        secrets.put(secret.name(), changed);
        save();
        return versionAnswer(changed, changed.version(versionId).orElseThrow());
    }

    private synchronized ObjectNode updateSecretVersionStage(JsonNode request) {
        Secret secret = secret(required(request, "SecretId"));
        String stage = required(request, "VersionStage");
        String moveTo = text(request, "MoveToVersionId");
        String removeFrom = text(request, "RemoveFromVersionId");
        Optional<Version> holder = secret.staged(stage);
        if (moveTo != null) {
            if (secret.version(moveTo).isEmpty()) {
                throw new ServiceError("ResourceNotFoundException", "No version " + moveTo + " of " + secret.name());
            }
            if (holder.isPresent()
                    && !holder.get().id().equals(moveTo)
                    && !holder.get().id().equals(removeFrom)) {
                throw new ServiceError(
                        "InvalidParameterException",
                        "The parameter RemoveFromVersionId must name the version that has the label " + stage + ".");
            }
        }
        List<Version> versions = secret.versions();
        if (moveTo != null) {
            versions = moveStage(versions, stage, moveTo);
        } else if (removeFrom != null) {
            versions = versions.stream()
                    .map(v -> v.id().equals(removeFrom) ? v.without(stage) : v)
                    .toList();
        }
        Secret changed = secret.withVersions(versions, System.currentTimeMillis());
        secrets.put(secret.name(), changed);
        save();
        return JSON.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
    }

    private synchronized ObjectNode describeSecret(JsonNode request) {
        Secret secret = secret(required(request, "SecretId"));
        ObjectNode answer = JSON.createObjectNode()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("CreatedDate", secret.created() / 1000.0)
                .put("LastChangedDate", secret.changed() / 1000.0);
        if (secret.description() != null) {
            answer.put("Description", secret.description());
        }
        ObjectNode stages = answer.putObject("VersionIdsToStages");
        secret.versions().forEach(v -> v.stages().forEach(stages.putArray(v.id())::add));
        return answer;
    }

    /**
     * Puts {@code stage} on {@code versionId} and takes it off every other version. Moving {@code AWSCURRENT} gives
     * {@code AWSPREVIOUS} to the version that held it, as the service does.
     */
    private static List<Version> moveStage(List<Version> versions, String stage, String versionId) {
        String oldHolder = versions.stream()
                .filter(v -> v.stages().contains(stage))
                .map(Version::id)
                .findFirst()
                .orElse(null);
        boolean demote = stage.equals(CURRENT) && oldHolder != null && !oldHolder.equals(versionId);
        List<Version> moved = new ArrayList<>(versions.size());
        for (Version version : versions) {
            Version v = version.without(stage);
            if (demote) {
                v = v.without(PREVIOUS);
            }
            if (v.id().equals(versionId)) {
                v = v.with(stage);
            }
            if (demote && v.id().equals(oldHolder)) {
                v = v.with(PREVIOUS);
            }
            moved.add(v);
        }
        return moved;
    }

    private static ObjectNode versionAnswer(Secret secret, Version version) {
        ObjectNode answer = JSON.createObjectNode()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("VersionId", version.id());
        version.stages().forEach(answer.putArray("VersionStages")::add);
        return answer;
    }

    /** A secret by name, full ARN, or ARN without its random suffix, as the service accepts them. */
    private Secret secret(String id) {
        for (Secret secret : secrets.values()) {
            String arn = secret.arn();
            if (secret.name().equals(id)
                    || arn.equals(id)
                    || arn.substring(0, arn.length() - 7).equals(id)) {
                return secret;
            }
        }
        throw new ServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    private static Value value(JsonNode request) {
        String string = text(request, "SecretString");
        String binary = text(request, "SecretBinary");
        if (string != null && binary != null) {
            throw new ServiceError(
                    "InvalidParameterException", "You can't specify both SecretString and SecretBinary.");
        }
        return string == null && binary == null ? null : new Value(string, binary);
    }

    /** The request's {@code ClientRequestToken} (the SDK fills one in), else a new UUID, as the service does. */
    private static String versionId(JsonNode request) {
        String token = text(request, "ClientRequestToken");
        return token == null ? UUID.randomUUID().toString() : token;
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private static String required(JsonNode request, String field) {
        String value = text(request, field);
        if (value == null || value.isEmpty()) {
            throw new ServiceError("InvalidParameterException", "The parameter " + field + " is required.");
        }
        return value;
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    // ------------------------------------------------------------------------------------------ persistence

    private synchronized void load() throws IOException {
        if (file == null || !Files.exists(file)) {
            return;
        }
        List<Secret> stored = JSON.readValue(file.toFile(), new TypeReference<List<Secret>>() {});
        stored.forEach(secret -> secrets.put(secret.name(), secret));
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Path temporary = file.resolveSibling(FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), List.copyOf(secrets.values()));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Saving the local secrets to " + file + " failed", e);
        }
    }

    // ------------------------------------------------------------------------------------------ the model

    /** A secret value: a string, or base64 binary. */
    private record Value(String string, String binary) {}

    /** One version of a secret: its value, the stages it carries, when it was made (epoch millis). */
    record Version(String id, String string, String binary, List<String> stages, long created) {
        Version {
            stages = List.copyOf(stages);
        }

        Version with(String stage) {
            Set<String> more = new LinkedHashSet<>(stages);
            more.add(stage);
            return new Version(id, string, binary, List.copyOf(more), created);
        }

        Version without(String stage) {
            return stages.contains(stage)
                    ? new Version(
                            id,
                            string,
                            binary,
                            stages.stream().filter(s -> !s.equals(stage)).toList(),
                            created)
                    : this;
        }
    }

    /** A secret: name, ARN, description, when made and last changed (epoch millis), and its versions. */
    record Secret(String name, String arn, String description, long created, long changed, List<Version> versions) {
        Secret {
            versions = List.copyOf(versions);
        }

        Optional<Version> version(String id) {
            return versions.stream().filter(v -> v.id().equals(id)).findFirst();
        }

        Optional<Version> staged(String stage) {
            return versions.stream().filter(v -> v.stages().contains(stage)).findFirst();
        }

        Secret withVersions(List<Version> changedVersions, long at) {
            return new Secret(name, arn, description, created, at, changedVersions);
        }
    }

    /** An error the SDK reads as the service's: its {@code __type} and message. */
    private static final class ServiceError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        ServiceError(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }
}
