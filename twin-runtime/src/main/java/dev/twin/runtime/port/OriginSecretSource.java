package dev.twin.runtime.port;

import dev.twin.runtime.http.OriginSecret;

/** Outgoing port: loads the values CloudFront's origin-lock header may carry. */
public interface OriginSecretSource {

    /**
     * Reads the current (and, during a rotation, the previous) value.
     *
     * @throws OriginSecretUnavailableException when it cannot be read
     */
    OriginSecret load();

    /** One line for the startup banner (never the value). */
    String describe();

    /** The secret could not be read; carries what to check, never the value. */
    final class OriginSecretUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OriginSecretUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
