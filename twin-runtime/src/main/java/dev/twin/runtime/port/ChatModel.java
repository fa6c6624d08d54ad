package dev.twin.runtime.port;

import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;

/** Outgoing port: the language model that speaks as the twin. */
public interface ChatModel {

    /**
     * Answers the last user message of {@code request.history()}.
     *
     * @throws ModelException with a {@link ModelException.Kind} that decides the HTTP status
     */
    ModelReply reply(ModelRequest request);

    /**
     * Answers as {@link #reply} does, the request's tool round included, handing each piece of the
     * reply to {@code sink} as soon as the model produces it. The returned reply's text is the
     * concatenation of the pieces handed over (up to where {@code sink} asked to stop; no tool runs
     * after that). Retries, if any, happen only before the first piece. This default, for models
     * that do not stream, hands over the whole reply as one piece.
     *
     * @throws ModelException as {@link #reply}, also after some pieces were handed over
     */
    default ModelReply stream(ModelRequest request, DeltaSink sink) {
        ModelReply reply = reply(request);
        if (!reply.text().isEmpty()) {
            sink.accept(reply.text());
        }
        return reply;
    }

    /** One line for the startup banner, e.g. {@code "bedrock us.amazon.nova-lite-v1:0"}. */
    String describe();
}
