package io.tenantry.local.invoke;

import java.util.Locale;
import java.util.Optional;

/** Where the runtime interface client can run: its JNI library exists for Linux on x86_64 and aarch64 only. */
final class Platform {
    private Platform() {}

    /** Why functions cannot run here, or empty when they can. */
    static Optional<String> unsupported() {
        return unsupported(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    static Optional<String> unsupported(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean linux = os.startsWith("linux");
        boolean knownArch = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64");
        if (linux && knownArch) {
            return Optional.empty();
        }
        return Optional.of("invoke runs functions through AWS's runtime interface client, whose native code exists"
                + " for Linux (x86_64, aarch64) only; this is " + osName + " on " + osArch + ".\n"
                + "Use the local backend instead: it serves the Lambda Invoke API on port 3001, e.g.\n"
                + "  curl -s -X POST http://127.0.0.1:3001/2015-03-31/functions/<LogicalId>/invocations"
                + " -d @events/<context>/<LogicalId>.json\n"
                + "(or: aws lambda invoke --endpoint-url http://127.0.0.1:3001 --function-name <LogicalId> ...)");
    }
}
