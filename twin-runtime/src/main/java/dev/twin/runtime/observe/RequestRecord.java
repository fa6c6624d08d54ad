package dev.twin.runtime.observe;

/**
 * Value: the facts logged about one request. No message text, persona text or secrets by design:
 * there is no field that could carry them.
 *
 * @param modelLatencyMs {@code -1} when no model was called
 * @param inputTokens {@code -1} when unknown
 * @param outputTokens {@code -1} when unknown
 * @param errorCode {@code null} on success
 */
public record RequestRecord(
        String requestId,
        String method,
        String route,
        int status,
        long latencyMs,
        long modelLatencyMs,
        int inputTokens,
        int outputTokens,
        String errorCode) {}
