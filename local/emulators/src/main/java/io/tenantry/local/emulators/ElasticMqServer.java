package io.tenantry.local.emulators;

import io.tenantry.local.template.Intrinsics;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ's SQS API on a loopback port, in memory, with ARNs in the local pseudo account and region. */
final class ElasticMqServer implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;

    private ElasticMqServer(SQSRestServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    static ElasticMqServer start() {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withDynamicPort()
                .withAWSRegion(Intrinsics.REGION)
                .withAWSAccountId(Intrinsics.ACCOUNT_ID)
                .start();
        return new ElasticMqServer(
                server, server.waitUntilStarted().localAddress().getPort());
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
