package dev.twin.runtime.port;

/** Thrown by a {@link ChatModel}; the kind decides the status and error code the API answers. */
public final class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the model failed, with the HTTP status and the error code the API uses for it. */
    public enum Kind {
        THROTTLED(429, "model_throttled"),
        TIMEOUT(504, "model_timeout"),
        REFUSED(502, "model_refused"),
        INVALID_RESPONSE(502, "model_invalid_response"),
        ACCESS_DENIED(502, "model_access_denied"),
        /**
         * The model id cannot be used where the twin runs (invalid, not offered in the region, or
         * needing an inference profile): only a new model id fixes it, so a deploy check fails.
         */
        MODEL_UNUSABLE(502, "model_unusable"),
        UNAVAILABLE(503, "model_unavailable");

        private final int status;
        private final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;

    /**
     * {@code detail} goes to the log only; it must not contain secrets, and is never sent to
     * visitors.
     */
    public ModelException(Kind kind, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
