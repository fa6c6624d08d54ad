package dev.twin.runtime.chat;

import dev.twin.runtime.port.ModelException;

/**
 * Thrown by {@link ChatService} when the model failed: the model's {@link ModelException} (which
 * decides the status) plus how long the failed call took, for the log and the latency metric.
 * Nothing was written.
 */
public final class ModelCallFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long latencyMs;

    public ModelCallFailedException(ModelException cause, long latencyMs) {
        super(cause.getMessage(), cause, false, false);
        this.latencyMs = latencyMs;
    }

    public ModelException modelException() {
        return (ModelException) getCause();
    }

    public long latencyMs() {
        return latencyMs;
    }
}
