package io.tenantry.shared.aws;

import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the AWS clients connect. The endpoint of a service comes from the property {@code
 * tenantry.endpoint.<service>}, else {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code
 * AWS_ENDPOINT_URL}, else AWS itself; so one build runs against AWS, LocalStack, moto or the embedded
 * emulators. The region is {@code tenantry.aws.region}, else {@code AWS_REGION}, else us-east-1.
 */
@Singleton
public final class AwsSettings {
    private final Environment environment;
    private final Function<String, String> env;

    public AwsSettings(Environment environment) {
        this(environment, System::getenv);
    }

    AwsSettings(Environment environment, Function<String, String> env) {
        this.environment = environment;
        this.env = env;
    }

    /** The endpoint override for a service such as {@code dynamodb}, {@code sqs} or {@code s3}. */
    public Optional<URI> endpoint(String service) {
        return property("tenantry.endpoint." + service)
                .or(() -> variable("AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT)))
                .or(() -> variable("AWS_ENDPOINT_URL"))
                .map(URI::create);
    }

    public String region() {
        return property("tenantry.aws.region").or(() -> variable("AWS_REGION")).orElse("us-east-1");
    }

    /** Static credentials given as properties (tests, the local backend); empty means the default chain. */
    public Optional<String[]> staticCredentials() {
        Optional<String> key = property("tenantry.aws.access-key-id");
        Optional<String> secret = property("tenantry.aws.secret-access-key");
        return key.isPresent() && secret.isPresent()
                ? Optional.of(new String[] {key.get(), secret.get()})
                : Optional.empty();
    }

    private Optional<String> property(String name) {
        return environment.getProperty(name, String.class).filter(v -> !v.isBlank());
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(env.apply(name)).filter(v -> !v.isBlank());
    }
}
