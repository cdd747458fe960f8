package io.tenantry.local.function;

import io.tenantry.local.emulators.AwsBackend;
import io.tenantry.local.emulators.AwsClients;
import io.tenantry.local.emulators.EmbeddedAws;
import io.tenantry.local.emulators.ExternalAws;
import io.tenantry.local.emulators.LocalResources;
import io.tenantry.local.emulators.ResourceProvisioner;
import io.tenantry.local.emulators.RoleRegistrar;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import java.net.URI;
import java.util.Map;

/**
 * The AWS services the functions talk to, whichever path runs them: the template's tables, queues, buckets and
 * secrets provisioned on them, its intrinsics resolvable against what was provisioned, and its roles known to the
 * local IAM. On the embedded emulators ({@code ./tenantry start}, {@code ./tenantry invoke}), or on services someone
 * else runs at one URL ({@code invoke --endpoint}: moto_server, LocalStack), with the credentials of
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} when set, else test/test.
 */
public final class LocalAws implements AutoCloseable {
    private final AwsBackend backend;
    private final SamTemplate template;
    private final AwsClients clients;
    private final LocalResources resources;
    private final Intrinsics intrinsics;

    /** Provisions the template on {@code backend}, which stays the caller's to close if this fails. */
    public LocalAws(AwsBackend backend, SamTemplate template, Map<String, String> parameters) {
        this.backend = backend;
        this.template = template;
        AwsClients made = AwsClients.of(backend);
        try {
            this.resources = new ResourceProvisioner(made).provision(template);
        } catch (RuntimeException e) {
            made.close();
            throw e;
        }
        this.clients = made;
        this.intrinsics = new Intrinsics(template, resources, parameters);
        RoleRegistrar.register(backend, template, intrinsics);
    }

    /** {@code endpoint} null: the embedded emulators, started here. The template's parameters take their defaults. */
    public static LocalAws start(SamTemplate template, URI endpoint) {
        AwsBackend backend;
        if (endpoint == null) {
            backend = EmbeddedAws.start();
        } else {
            String key = System.getenv("AWS_ACCESS_KEY_ID");
            String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
            backend = key != null && secret != null && !key.isBlank() && !secret.isBlank()
                    ? new ExternalAws(endpoint, key, secret)
                    : ExternalAws.at(endpoint);
        }
        try {
            return new LocalAws(backend, template, Map.of());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    public AwsBackend backend() {
        return backend;
    }

    public AwsClients clients() {
        return clients;
    }

    public LocalResources resources() {
        return resources;
    }

    public Intrinsics intrinsics() {
        return intrinsics;
    }

    /**
     * The functions' variables, intrinsics resolved ({@code !Ref TenantryTable} → the local table name), overrides
     * applied.
     */
    public FunctionEnvironments environments(EnvVarsFile overrides) {
        return FunctionEnvironments.resolve(template, intrinsics, overrides);
    }

    @Override
    public void close() {
        clients.close();
        backend.close();
    }
}
