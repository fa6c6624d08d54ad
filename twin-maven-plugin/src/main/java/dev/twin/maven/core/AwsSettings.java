package dev.twin.maven.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Region, profile, explicit endpoint overrides and proxy for the AWS clients; unset values fall
 * back to the standard AWS chain (and {@code AWS_ENDPOINT_URL_*}, a profile's {@code endpoint_url},
 * {@code HTTPS_PROXY}). {@code interactive} is false in Maven's batch mode: nothing may prompt.
 */
public record AwsSettings(
        Optional<String> region,
        Optional<String> profile,
        Map<AwsService, URI> endpoints,
        Optional<ProxySettings> proxy,
        boolean interactive) {

    public AwsSettings {
        region = region.filter(r -> !r.isBlank()).map(String::strip);
        profile = profile.filter(p -> !p.isBlank()).map(String::strip);
        endpoints = Map.copyOf(endpoints);
    }

    public static AwsSettings defaults() {
        return new AwsSettings(
                Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), false);
    }

    /** Builds settings from raw strings (blank = unset), validating every endpoint. */
    public static AwsSettings of(
            String region, String profile, Map<AwsService, String> rawEndpoints) {
        Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
        rawEndpoints.forEach(
                (service, raw) -> {
                    if (raw != null && !raw.isBlank()) {
                        endpoints.put(service, parseEndpoint(service, raw.strip()));
                    }
                });
        return new AwsSettings(
                Optional.ofNullable(region),
                Optional.ofNullable(profile),
                endpoints,
                Optional.empty(),
                false);
    }

    public AwsSettings withProxy(Optional<ProxySettings> value) {
        return new AwsSettings(region, profile, endpoints, value, interactive);
    }

    public AwsSettings withInteractive(boolean value) {
        return new AwsSettings(region, profile, endpoints, proxy, value);
    }

    public Optional<URI> endpoint(AwsService service) {
        return Optional.ofNullable(endpoints.get(service));
    }

    private static URI parseEndpoint(AwsService service, String raw) {
        try {
            URI uri = new URI(raw);
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new InvalidEndpointException(service, raw);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidEndpointException(service, raw);
        }
    }
}
