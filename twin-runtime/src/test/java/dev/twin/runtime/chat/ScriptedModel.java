package dev.twin.runtime.chat;

import dev.twin.runtime.port.ChatModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Test model: records every request it sees and answers from a script of replies or failures (the
 * real models live behind networks; their adapters are tested against WireMock).
 */
public final class ScriptedModel implements ChatModel {

    private final Deque<Supplier<ModelReply>> script = new ArrayDeque<>();
    private final List<ModelRequest> requests = new ArrayList<>();

    /** Queues a reply; with an empty script the model echoes "echo: <message>". */
    public ScriptedModel then(Supplier<ModelReply> step) {
        script.add(step);
        return this;
    }

    public ScriptedModel thenFail(RuntimeException e) {
        return then(
                () -> {
                    throw e;
                });
    }

    @Override
    public synchronized ModelReply reply(ModelRequest request) {
        requests.add(request);
        Supplier<ModelReply> step = script.poll();
        if (step != null) {
            return step.get();
        }
        String last = request.history().get(request.history().size() - 1).content();
        return new ModelReply("echo: " + last, 10, 5);
    }

    public synchronized List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public String describe() {
        return "scripted test model";
    }
}
