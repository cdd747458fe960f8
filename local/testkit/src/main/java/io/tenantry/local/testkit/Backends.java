package io.tenantry.local.testkit;

import io.tenantry.local.emulators.AwsBackend;
import io.tenantry.local.emulators.BackendSetting;
import io.tenantry.local.emulators.EmbeddedAws;
import io.tenantry.local.emulators.ExternalAws;

/** Starts (or connects to) the backend a {@link BackendSetting} names. */
final class Backends {
    private Backends() {}

    static AwsBackend start(BackendSetting setting) {
        return switch (setting.kind()) {
            case EMBEDDED -> EmbeddedAws.start();
            case ENDPOINT -> ExternalAws.at(setting.endpoint());
            case LOCALSTACK -> LocalStackBackend.start(setting.image());
        };
    }
}
