package dev.twin.runtime.chat;

import java.util.Objects;

/** Value: something read from a store together with the opaque version (an ETag) it had. */
public record Versioned<T>(T value, String version) {
    public Versioned {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
    }
}
