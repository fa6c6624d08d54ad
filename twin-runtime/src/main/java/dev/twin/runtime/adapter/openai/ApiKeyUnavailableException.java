package dev.twin.runtime.adapter.openai;

/**
 * Thrown when the API key cannot be had: the secret is missing, not readable by the function's
 * role, empty or in an unknown format ({@code denied}), or Secrets Manager cannot be reached.
 * Carries the secret's ARN, never its value.
 */
public final class ApiKeyUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String secretArn;
    private final boolean denied;

    public ApiKeyUnavailableException(
            String secretArn, String message, boolean denied, Throwable cause) {
        super(message, cause);
        this.secretArn = secretArn;
        this.denied = denied;
    }

    public String secretArn() {
        return secretArn;
    }

    /** True when retrying will not help until someone fixes the secret or the role. */
    public boolean denied() {
        return denied;
    }
}
