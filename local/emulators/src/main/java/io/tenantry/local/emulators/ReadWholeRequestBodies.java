package io.tenantry.local.emulators;

import java.lang.reflect.Field;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.io.Content;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * Reads the rest of each request body, however late it arrives, before s3proxy's answer completes the exchange.
 *
 * <p>s3proxy's aws-chunked decoder stops at the zero-length chunk and leaves the body's last CRLF unread. When those
 * two bytes reach the server after the handler has answered, Jetty cannot consume them, so it closes the connection;
 * the bytes then meet a closed socket, the kernel resets the connection, and the client loses the answer to a write
 * the store has already made. The SDK sends the write again: one {@code PutObject} stored twice, with two object
 * events (measured: 634 in 137,826 small puts, about 1 in 220, and a put failing after four attempts). An SDK client
 * signs S3 bodies in aws-chunked form only over plain HTTP, which is to say only against an emulator.
 *
 * <p>The Jetty classes are s3proxy's shaded copy, the one its server runs on. Reading to the end is what a server with lingering close does. A client that never sends the body it announced
 * (an {@code Expect: 100-continue} answered with an error) leaves the connection to Jetty's idle timeout; its answer
 * has been sent already.
 */
final class ReadWholeRequestBodies extends Handler.Wrapper {
    private ReadWholeRequestBodies(Handler handler) {
        super(handler);
    }

    /** Wraps the handler of {@code proxy}'s server; call before {@link S3Proxy#start()}. */
    static void install(S3Proxy proxy) {
        Server server = serverOf(proxy);
        server.setHandler(new ReadWholeRequestBodies(server.getHandler()));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                Content.Source.consumeAll(request, getCallback());
            }
        });
    }

    /** s3proxy keeps its Jetty server private; the field is read once at start, so a rename fails loudly there. */
    private static Server serverOf(S3Proxy proxy) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            return (Server) field.get(proxy);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    "s3proxy " + S3Proxy.class.getPackage().getImplementationVersion()
                            + " has no Jetty server field to read request bodies through",
                    e);
        }
    }
}
