package io.tenantry.local.testkit;

import io.tenantry.local.emulators.AwsBackend;
import io.tenantry.local.emulators.AwsClients;
import io.tenantry.local.emulators.BackendSetting;
import io.tenantry.local.emulators.LocalResources;
import io.tenantry.local.emulators.ResourceProvisioner;
import io.tenantry.local.emulators.RoleRegistrar;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import java.lang.System.Logger.Level;

/**
 * The backend, its clients and provisioned resources, held in JUnit's root store. JUnit (5.13 and later) closes
 * {@link AutoCloseable} store values when the root context ends, that is after the JVM's last test.
 */
final class RunningBackend implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunningBackend.class.getName());

    private final AwsBackend backend;
    private final AwsClients clients;
    private final AwsEnvironment environment;

    private RunningBackend(AwsBackend backend, AwsClients clients, AwsEnvironment environment) {
        this.backend = backend;
        this.clients = clients;
        this.environment = environment;
    }

    static RunningBackend start() {
        SamTemplate template = SamTemplate.load(ProjectRoot.template());
        AwsBackend backend = Backends.start(BackendSetting.current());
        AwsClients clients = AwsClients.of(backend);
        try {
            LocalResources resources = new ResourceProvisioner(clients).provision(template);
            RoleRegistrar.register(backend, template, new Intrinsics(template, resources));
            return new RunningBackend(backend, clients, new AwsEnvironment(backend, template, resources, clients));
        } catch (RuntimeException e) {
            clients.close();
            backend.close();
            throw new IllegalStateException(
                    "Provisioning " + template.source() + " on " + backend.description() + " failed", e);
        }
    }

    AwsEnvironment environment() {
        return environment;
    }

    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            backend.close();
            LOG.log(Level.INFO, "Stopped {0}", backend.description());
        }
    }
}
