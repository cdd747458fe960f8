package io.tenantry.local.emulators;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local in server mode on a loopback port: in memory, or in a folder that outlives the process. */
final class DynamoDbLocalServer implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the server; {@code dataDir} null means in memory. */
    static DynamoDbLocalServer start(Path dataDir) throws Exception {
        SqliteNatives.configure();
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.find();
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(arguments(dataDir, port));
            try {
                server.start();
                return new DynamoDbLocalServer(server, port);
            } catch (Exception e) {
                server.stop();
                if (attempt == ATTEMPTS || !FreePorts.isBindFailure(e)) {
                    throw e;
                }
            }
        }
    }

    private static String[] arguments(Path dataDir, int port) throws Exception {
        List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port), "-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            Files.createDirectories(dataDir);
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        return args.toArray(String[]::new);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
