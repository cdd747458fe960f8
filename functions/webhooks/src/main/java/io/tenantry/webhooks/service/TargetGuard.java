package io.tenantry.webhooks.service;

import io.tenantry.webhooks.repository.WebhookSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may point (SSRF guard): an absolute {@code https} URL of at most {@value #MAX_LENGTH} characters,
 * without user info, whose host resolves only to public addresses. Refused: loopback, private (10/8, 172.16/12,
 * 192.168/16), link-local (169.254/16, the metadata address among them), CGNAT (100.64/10), 0/8, multicast,
 * broadcast and reserved IPv4 ranges; their IPv6 counterparts (::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8) and
 * IPv6 forms that embed an IPv4 address (mapped {@code ::ffff:a.b.c.d}, compatible, 6to4 {@code 2002::/16}, NAT64
 * {@code 64:ff9b::/96}), judged by that address.
 *
 * <p>With {@code allowLoopback} (the local backend only), loopback targets are also accepted, {@code http} or {@code
 * https}; a plain {@code http} URL then must resolve to loopback only. Private and link-local addresses stay refused.
 *
 * <p>At registration a name that does not resolve is accepted (it may be set up later); at delivery ({@link
 * #checkDelivery}) every address it resolves to must pass, and a name that does not resolve is refused.
 */
@Singleton
public final class TargetGuard {
    public static final int MAX_LENGTH = 2048;

    /** Resolves a host name to its addresses. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A target that may not be called, and why. */
    public static final class RefusedTargetException extends Exception {
        public RefusedTargetException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final boolean allowLoopback;
    private final Resolver resolver;

    @Inject
    public TargetGuard(WebhookSettings settings) {
        this(settings.allowLoopback(), InetAddress::getAllByName);
    }

    public TargetGuard(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /** Why {@code url} cannot be registered, or empty when it can. */
    public Optional<String> checkRegistration(String url) {
        try {
            check(url, false);
            return Optional.empty();
        } catch (RefusedTargetException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The checked addresses of {@code url} for a delivery now; refused when any of them may not be called. */
    public List<InetAddress> checkDelivery(String url) throws RefusedTargetException {
        return check(url, true);
    }

    private List<InetAddress> check(String url, boolean mustResolve) throws RefusedTargetException {
        if (url == null || url.isEmpty()) {
            throw new RefusedTargetException("must be a URL");
        }
        if (url.length() > MAX_LENGTH) {
            throw new RefusedTargetException("must have at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedTargetException("must be a valid absolute URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean http = scheme.equals("http");
        if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("https") || (http && allowLoopback))) {
            throw new RefusedTargetException(
                    allowLoopback ? "must be an https URL (or a loopback URL)" : "must be an https URL");
        }
        if (uri.getRawUserInfo() != null
                || uri.getRawAuthority() == null
                || uri.getRawAuthority().contains("@")) {
            throw new RefusedTargetException("must not contain user info");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedTargetException("must name a host");
        }
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException | SecurityException e) {
            if (mustResolve || http) {
                throw new RefusedTargetException("names a host that does not resolve");
            }
            return List.of();
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedTargetException("names a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isForbidden(address, allowLoopback)) {
                throw new RefusedTargetException("must point to a public address, not " + address.getHostAddress());
            }
            if (http && !address.isLoopbackAddress()) {
                throw new RefusedTargetException("must be an https URL (plain http only to loopback)");
            }
        }
        return List.of(addresses);
    }

    /** True when no webhook may be delivered to {@code address} (loopback allowed only with {@code allowLoopback}). */
    public static boolean isForbidden(InetAddress address, boolean allowLoopback) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return isForbidden(embedded.get(), allowLoopback);
            }
            if (address.isLoopbackAddress()) {
                return !allowLoopback;
            }
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return address.isAnyLocalAddress()
                    || address.isLinkLocalAddress() // fe80::/10
                    || address.isSiteLocalAddress() // fec0::/10
                    || address.isMulticastAddress() // ff00::/8
                    || (first & 0xfe) == 0xfc // fc00::/7 unique local
                    || (first == 0x20
                            && second == 0x01
                            && (b[2] & 0xff) == 0x0d
                            && (b[3] & 0xff) == 0xb8) // 2001:db8::/32
                    || first == 0; // ::/8 reserved (with :: and ::1 handled above)
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 127) {
            return !allowLoopback;
        }
        return a0 == 0 // 0.0.0.0/8 ("this network"; 0.0.0.0 reaches the host itself)
                || a0 == 10 // 10/8
                || (a0 == 172 && (a1 & 0xf0) == 16) // 172.16/12
                || (a0 == 192 && a1 == 168) // 192.168/16
                || (a0 == 169 && a1 == 254) // 169.254/16 link-local, 169.254.169.254 metadata
                || (a0 == 100 && (a1 & 0xc0) == 64) // 100.64/10 CGNAT
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // 192.0.0/24 IETF protocol assignments
                || (a0 == 198 && (a1 & 0xfe) == 18) // 198.18/15 benchmarking
                || a0 >= 224; // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, NAT64), if it is of such a form. */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 15) && !isOneAtEnd(b);
        if (mapped || compatible) {
            return Optional.of(ipv4(b, 12));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) { // 2002::/16 6to4
            return Optional.of(ipv4(b, 2));
        }
        boolean nat64 = (b[0] & 0xff) == 0x00
                && (b[1] & 0xff) == 0x64
                && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 11);
        if (nat64) {
            return Optional.of(ipv4(b, 12));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOneAtEnd(byte[] b) {
        return allZero(b, 0, 14) && b[15] == 1;
    }

    private static InetAddress ipv4(byte[] b, int offset) {
        try {
            return Inet4Address.getByAddress(new byte[] {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
