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

    /** One line for the startup banner, e.g. {@code "bedrock us.amazon.nova-lite-v1:0"}. */
    String describe();
}
