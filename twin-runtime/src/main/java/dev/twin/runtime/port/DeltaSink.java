package dev.twin.runtime.port;

/** Receives a streaming reply piece by piece, as the model produces it. */
@FunctionalInterface
public interface DeltaSink {

    /**
     * Takes the next piece of the reply.
     *
     * @return {@code false} to ask the model to stop generating (the reply guard found a leak); the
     *     model then returns what it has so far
     */
    boolean accept(String text);
}
