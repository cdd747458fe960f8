package io.tenantry.local.invoke;

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
 * The AWS services the functions talk to, with the template's tables, queues and buckets on them: the embedded
 * emulators started in this JVM, or services someone else runs at one URL (moto_server, LocalStack), with the
 * credentials of {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} when set, else test/test.
 */
final class LocalAws implements AutoCloseable {
    private final AwsBackend backend;
    private final AwsClients clients;
    private final LocalResources resources;
    private final Intrinsics intrinsics;
    private final SamTemplate template;

    private LocalAws(AwsBackend backend, SamTemplate template) {
        this.backend = backend;
        this.template = template;
        this.clients = AwsClients.of(backend);
        try {
            this.resources = new ResourceProvisioner(clients).provision(template);
        } catch (RuntimeException e) {
            clients.close();
            backend.close();
            throw e;
        }
        this.intrinsics = new Intrinsics(template, resources);
        RoleRegistrar.register(backend, template, intrinsics);
    }

    /** {@code endpoint} null: the embedded emulators. */
    static LocalAws start(SamTemplate template, URI endpoint) {
        if (endpoint == null) {
            return new LocalAws(EmbeddedAws.start(), template);
        }
        String key = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        AwsBackend external = key != null && secret != null && !key.isBlank() && !secret.isBlank()
                ? new ExternalAws(endpoint, key, secret)
                : ExternalAws.at(endpoint);
        return new LocalAws(external, template);
    }

    AwsBackend backend() {
        return backend;
    }

    /** A function's template variables, intrinsics resolved ({@code !Ref TenantryTable} → the local table name). */
    Map<String, String> templateEnvironment(String logicalId) {
        return intrinsics.environment(template.function(logicalId));
    }

    @Override
    public void close() {
        clients.close();
        backend.close();
    }
}
