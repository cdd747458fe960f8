package io.tenantry.local.invoke;

/** Keeps the emulators' chatter off the result. */
final class Console {
    static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private Console() {}

    /**
     * Points logback (the emulators log through it) at this module's configuration, warnings on stderr, unless a
     * configuration was chosen already; takes effect if called before the first logger is made. Keeps
     * java.util.logging to warnings too.
     */
    static void quietEmulators() {
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "io/tenantry/local/invoke/logback-invoke.xml");
        }
        // The emulators' start-up notices (java.util.logging); the commands print their own line about them.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }
}
