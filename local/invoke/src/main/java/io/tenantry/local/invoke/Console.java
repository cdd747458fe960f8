package io.tenantry.local.invoke;

/** Keeps the emulators' chatter off the result. */
final class Console {
    static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private Console() {}

    /**
     * Points logback (the emulators log through it) at this module's configuration, warnings on stderr, unless a
     * configuration was chosen already. Takes effect if called before the first logger is made.
     */
    static void quietEmulators() {
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "io/tenantry/local/invoke/logback-invoke.xml");
        }
    }
}
