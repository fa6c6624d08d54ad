package dev.twin.runtime.chat;

import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import dev.twin.runtime.port.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test model that streams a fixed reply in given pieces, recording in a shared log when it produces
 * each piece; it can fail after a number of pieces.
 */
public final class PiecesModel implements ChatModel {

    private final List<String> pieces;
    private final List<String> log;
    private final int failAfter;
    private final ModelException failure;
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();

    public PiecesModel(List<String> pieces, List<String> log) {
        this(pieces, log, -1, null);
    }

    /** Fails with {@code failure} after handing over {@code failAfter} pieces. */
    public PiecesModel(
            List<String> pieces, List<String> log, int failAfter, ModelException failure) {
        this.pieces = List.copyOf(pieces);
        this.log = log;
        this.failAfter = failAfter;
        this.failure = failure;
    }

    @Override
    public ModelReply reply(ModelRequest request) {
        requests.add(request);
        if (failAfter >= 0) {
            throw failure;
        }
        return new ModelReply(String.join("", pieces), 7, pieces.size());
    }

    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        requests.add(request);
        StringBuilder sent = new StringBuilder();
        List<String> given = new ArrayList<>();
        for (String p : pieces) {
            if (given.size() == failAfter) {
                throw failure;
            }
            log.add("model " + p);
            given.add(p);
            sent.append(p);
            if (!sink.accept(p)) {
                log.add("model stopped");
                break;
            }
        }
        if (given.size() == failAfter) {
            throw failure;
        }
        return new ModelReply(sent.toString(), 7, given.size());
    }

    public List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public String describe() {
        return "pieces test model";
    }
}
