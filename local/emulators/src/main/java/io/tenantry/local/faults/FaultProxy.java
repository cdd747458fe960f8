package io.tenantry.local.faults;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP proxy in front of one emulated service, on its own loopback port, that fails calls as {@link Faults} says.
 * Requests pass byte for byte (their SigV4 signatures, which cover the {@code Host} header, still hold, since the
 * service checks them against the same header), each client connection paired with one connection to the service.
 *
 * <p>Only calls signed in their {@code Authorization} header (the SDK's calls) are faulted; presigned URLs, which
 * browsers and apps use, pass untouched. A {@code throttling} or {@code server} fault answers without reaching the
 * service; a {@code timeout} lets the call reach it and closes the connection instead of answering, as a response lost
 * on the network would.
 */
public final class FaultProxy implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FaultProxy.class.getName());

    private final String service;
    private final URI upstream;
    private final Faults faults;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private FaultProxy(String service, URI upstream, Faults faults, ServerSocket server) {
        this.service = service;
        this.upstream = upstream;
        this.faults = faults;
        this.server = server;
    }

    /** Starts a proxy for {@code service} in front of {@code upstream} on a free loopback port. */
    public static FaultProxy start(String service, URI upstream, Faults faults) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            FaultProxy proxy = new FaultProxy(service, upstream, faults, server);
            Thread.ofVirtual().name("fault-proxy-" + service).start(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the fault proxy for " + service, e);
        }
    }

    /** Where the proxy answers: the same scheme and path as the service, on the proxy's port. */
    public URI endpoint() {
        return URI.create(upstream.getScheme() + "://127.0.0.1:" + server.getLocalPort()
                + (upstream.getRawPath() == null ? "" : upstream.getRawPath()));
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual()
                        .name("fault-proxy-" + service + "-connection")
                        .start(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "The fault proxy for " + service + " stopped accepting: " + e);
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket service = null;
        try (client) {
            client.setTcpNoDelay(true);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = new BufferedOutputStream(client.getOutputStream());
            InputStream fromService = null;
            OutputStream toService = null;
            while (true) {
                HttpMessage request = HttpMessage.readRequest(fromClient, toClient);
                if (request == null) {
                    return;
                }
                Optional<Faults.Error> fault = request.header("Authorization").isPresent()
                        ? faults.draw(this.service, AwsOperations.of(this.service, request))
                        : Optional.empty();
                if (fault.isPresent() && fault.get() != Faults.Error.TIMEOUT) {
                    FaultResponses.of(this.service, fault.get(), request).writeTo(toClient);
                    continue;
                }
                if (service == null) {
                    service = connect();
                    fromService = new BufferedInputStream(service.getInputStream());
                    toService = new BufferedOutputStream(service.getOutputStream());
                }
                request.writeTo(toService);
                HttpMessage response = HttpMessage.readResponse(fromService, request.method());
                if (fault.isPresent()) {
                    return; // the call landed; its answer is lost
                }
                response.writeTo(toClient);
                if (response.closes() || request.closes()) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "A connection through the fault proxy for " + this.service + " ended: " + e);
        } finally {
            open.remove(client);
            closeQuietly(service);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        int port = upstream.getPort() > 0
                ? upstream.getPort()
                : (upstream.getScheme().equals("https") ? 443 : 80);
        socket.connect(new InetSocketAddress(upstream.getHost(), port), 5_000);
        open.add(socket);
        return socket;
    }

    private void closeQuietly(Socket socket) {
        if (socket != null) {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(this::closeQuietly);
    }
}
