package io.tenantry.webhooks.service;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;

/**
 * A delivery's request pinned to an address the {@link TargetGuard} checked: the URL with its host replaced by that
 * address, so that the HTTP client connects there without resolving the name again (DNS rebinding), and the name
 * kept where the receiver and TLS need it: the {@code Host} header, and for {@code https} the SNI name that the
 * certificate is verified against. A URL that names an address already is its own target.
 *
 * @param target the URL to connect to
 * @param hostHeader the {@code Host} header to send, empty when the URL names an address
 * @param serverName the TLS server name (SNI, and the name the certificate must match), empty for an address
 */
public record PinnedTarget(URI target, Optional<String> hostHeader, Optional<String> serverName) {

    /** {@code url} pinned to {@code address}, one of the addresses its host resolved to. */
    public static PinnedTarget of(URI url, InetAddress address) {
        String host = url.getHost();
        if (host.startsWith("[") || isAddressLiteral(host)) {
            return new PinnedTarget(url, Optional.empty(), Optional.empty());
        }
        String literal = address instanceof Inet6Address
                ? "[" + address.getHostAddress().replaceFirst("%.*$", "") + "]"
                : address.getHostAddress();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        URI target = URI.create(url.getScheme() + "://" + literal + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        String hostHeader = url.getPort() == -1 ? host : host + ":" + url.getPort();
        return new PinnedTarget(target, Optional.of(hostHeader), Optional.of(host));
    }

    private static boolean isAddressLiteral(String host) {
        return host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
