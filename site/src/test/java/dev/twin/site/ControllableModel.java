package dev.twin.site;

import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ModelException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test model: the real offline model, which a test can make fail (an outage), hold (a slow answer)
 * or replace for one turn (a scripted reply, e.g. hostile Markdown), all on cue.
 */
final class ControllableModel implements ChatModel {

    private final ChatModel delegate;
    private volatile ModelException.Kind failure;
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final AtomicReference<String> scripted = new AtomicReference<>();

    ControllableModel(ChatModel delegate) {
        this.delegate = delegate;
    }

    /** Every call fails with {@code kind} until {@link #reset()}. */
    void failWith(ModelException.Kind kind) {
        this.failure = kind;
    }

    /** Calls wait until the returned latch is counted down (or 20 s pass). */
    CountDownLatch hold() {
        CountDownLatch latch = new CountDownLatch(1);
        gate.set(latch);
        return latch;
    }

    /** The next call answers exactly {@code text}. */
    void replyOnce(String text) {
        scripted.set(text);
    }

    void reset() {
        failure = null;
        CountDownLatch latch = gate.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
        scripted.set(null);
    }

    @Override
    public ModelReply reply(ModelRequest request) {
        CountDownLatch latch = gate.get();
        if (latch != null) {
            try {
                latch.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.compareAndSet(latch, null);
        }
        ModelException.Kind kind = failure;
        if (kind != null) {
            throw new ModelException(kind, "test outage", null);
        }
        String text = scripted.getAndSet(null);
        return text != null ? new ModelReply(text, -1, -1) : delegate.reply(request);
    }

    @Override
    public String describe() {
        return "controllable " + delegate.describe();
    }
}
