package dev.twin.maven.core;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An HTTP(S) proxy for the AWS clients, as Maven's active {@code <proxy>} describes it; without
 * one, the clients follow {@code HTTPS_PROXY}/{@code NO_PROXY} and the JVM's proxy properties.
 */
public record ProxySettings(
        URI endpoint,
        Optional<String> username,
        Optional<String> password,
        Set<String> nonProxyHosts) {

    public ProxySettings {
        Objects.requireNonNull(endpoint, "endpoint");
        username = username.filter(u -> !u.isBlank());
        password = password.filter(p -> !p.isEmpty());
        nonProxyHosts = Set.copyOf(nonProxyHosts);
    }

    /**
     * From the fields of a Maven {@code <proxy>}: {@code nonProxyHosts} is Maven's {@code
     * |}-separated list (commas work too).
     */
    public static ProxySettings of(
            String protocol,
            String host,
            int port,
            String username,
            String password,
            String nonProxyHosts) {
        if (host == null || host.isBlank() || port <= 0 || port > 65535) {
            throw new InvalidProxyException(host + ":" + port);
        }
        String scheme = protocol == null || protocol.isBlank() ? "http" : protocol.strip();
        Set<String> hosts = new LinkedHashSet<>();
        if (nonProxyHosts != null) {
            for (String h : nonProxyHosts.split("[|,]")) {
                if (!h.isBlank()) {
                    hosts.add(h.strip());
                }
            }
        }
        return new ProxySettings(
                URI.create(scheme + "://" + host.strip() + ":" + port),
                Optional.ofNullable(username),
                Optional.ofNullable(password),
                hosts);
    }

    @Override
    public String toString() {
        // never the password
        return "ProxySettings[" + endpoint + ", user=" + username.orElse("-") + "]";
    }
}
