package dev.twin.maven.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Region, profile and endpoint overrides for the AWS clients; unset values fall back to the
 * standard AWS chain.
 */
public record AwsSettings(
        Optional<String> region, Optional<String> profile, Map<AwsService, URI> endpoints) {

    public AwsSettings {
        region = region.filter(r -> !r.isBlank()).map(String::strip);
        profile = profile.filter(p -> !p.isBlank()).map(String::strip);
        endpoints = Map.copyOf(endpoints);
    }

    public static AwsSettings defaults() {
        return new AwsSettings(Optional.empty(), Optional.empty(), Map.of());
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
                Optional.ofNullable(region), Optional.ofNullable(profile), endpoints);
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
