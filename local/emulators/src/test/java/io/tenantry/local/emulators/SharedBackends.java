package io.tenantry.local.emulators;

/**
 * One backend per test JVM, stopped at exit: the embedded emulators, or the endpoint named by {@code tenantry.aws}
 * (this module cannot start LocalStack; the testkit can).
 */
final class SharedBackends {
    private static EmbeddedAws embedded;
    private static AwsBackend selected;

    private SharedBackends() {}

    /** The embedded emulators, whatever {@code tenantry.aws} says. */
    static synchronized EmbeddedAws embedded() {
        if (embedded == null) {
            EmbeddedAws started = EmbeddedAws.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tenantry-emulators-stop"));
            embedded = started;
        }
        return embedded;
    }

    /** The backend {@code tenantry.aws} selects: an external endpoint, else the embedded emulators. */
    static synchronized AwsBackend selected() {
        if (selected == null) {
            BackendSetting setting = BackendSetting.current();
            selected = setting.kind() == BackendSetting.Kind.ENDPOINT ? ExternalAws.at(setting.endpoint()) : embedded();
        }
        return selected;
    }
}
