package dev.twin.runtime.limit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Which address a request comes from, as far as it can be trusted, and the key it is limited under.
 *
 * <p>On Lambda the request travels viewer → CloudFront → HTTP API, so the event's {@code
 * requestContext.http.sourceIp} is a CloudFront edge address, and {@code X-Forwarded-For} starts
 * with whatever the viewer wrote. CloudFront sets {@code CloudFront-Viewer-Address} ({@code
 * ip:port}) itself, replacing any the viewer sent, when the origin request policy forwards it
 * (TwinCdn's {@code /api/*} policy does). A caller that skips CloudFront and calls the execute-api
 * URL directly could write that header too, but the origin lock ({@code http.OriginLock}) refuses
 * such a request before it gets here: the Lambda front only passes the header on from a request
 * that carried CloudFront's secret (or when no lock is configured).
 */
public final class ClientAddress {

    private ClientAddress() {}

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * The address the Lambda front limits under: CloudFront's viewer address when present and
     * public, else the event's source IP; {@code null} when neither is a valid IP literal. {@code
     * X-Forwarded-For} is ignored on purpose: the viewer controls its first entries.
     */
    public static String forLambda(String cloudFrontViewerAddress, String sourceIp) {
        InetAddress viewer = parse(stripPort(cloudFrontViewerAddress));
        if (viewer != null && isPublic(viewer)) {
            return viewer.getHostAddress();
        }
        InetAddress source = parse(sourceIp);
        return source == null ? null : source.getHostAddress();
    }

    /**
     * The bucket key for an address: IPv4 as is, IPv6 by its /64 (one subscriber usually holds a
     * whole /64 and could otherwise rotate through it); {@code null} for unknown or loopback.
     */
    public static String limitKey(String address) {
        InetAddress a = parse(address);
        if (a == null || a.isLoopbackAddress()) {
            return null;
        }
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            StringBuilder key = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)))
                        .append(':');
            }
            return key.append(":/64").toString();
        }
        return a.getHostAddress();
    }

    /**
     * {@code 198.51.100.10:46532} → {@code 198.51.100.10}; {@code 2001:db8::1:46532} → {@code
     * 2001:db8::1}.
     */
    static String stripPort(String viewerAddress) {
        if (viewerAddress == null) {
            return null;
        }
        String v = viewerAddress.strip();
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    /**
     * An IP literal, or {@code null}; never a DNS lookup (only digits, hex, dots and colons get
     * through).
     */
    static InetAddress parse(String literal) {
        if (literal == null) {
            return null;
        }
        String s = literal.strip();
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = !v4 && s.indexOf(':') >= 0 && IPV6.matcher(s).matches();
        if (!v4 && !v6 || v4 && !octetsInRange(s)) {
            return null; // an IPv4-looking name such as 999.1.1.1 would otherwise go to DNS
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean octetsInRange(String v4) {
        for (String octet : v4.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPublic(InetAddress a) {
        return !(a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress());
    }
}
