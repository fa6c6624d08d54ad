package dev.twin.runtime.adapter.local;

import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.VersionConflictException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adapter: conversations in memory, encoded exactly as on disk. Used by the SnapStart priming hook
 * (which must touch no real storage) and by tests that need a store but test something else.
 */
public final class InMemoryConversationStore implements ConversationStore {

    private record Entry(byte[] bytes, String version) {}

    private final ConcurrentMap<SessionId, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();

    @Override
    public Optional<Versioned<Conversation>> find(SessionId id) {
        Entry e = entries.get(id);
        return e == null
                ? Optional.empty()
                : Optional.of(
                        new Versioned<>(ConversationCodec.decode(e.bytes(), id), e.version()));
    }

    @Override
    public String put(Conversation conversation, String expectedVersion) {
        SessionId id = conversation.sessionId();
        Entry next =
                new Entry(
                        ConversationCodec.encode(conversation),
                        Long.toString(versions.incrementAndGet()));
        if (expectedVersion == null) {
            if (entries.putIfAbsent(id, next) != null) {
                throw new VersionConflictException("conversation " + id + " already exists");
            }
            return next.version();
        }
        Entry replaced =
                entries.computeIfPresent(
                        id, (k, old) -> old.version().equals(expectedVersion) ? next : old);
        if (replaced != next) {
            throw new VersionConflictException(
                    "conversation " + id + " changed since version " + expectedVersion);
        }
        return next.version();
    }

    @Override
    public boolean delete(SessionId id) {
        return entries.remove(id) != null;
    }

    /** The stored bytes, as a file would hold them; {@code null} when absent. */
    public byte[] raw(SessionId id) {
        Entry e = entries.get(id);
        return e == null ? null : e.bytes().clone();
    }

    /** Replaces what is stored for {@code id} with raw bytes, as a damaged file would hold. */
    public void putRaw(SessionId id, byte[] bytes) {
        entries.put(id, new Entry(bytes.clone(), Long.toString(versions.incrementAndGet())));
    }

    @Override
    public String describe() {
        return "in memory (conversations are lost on exit)";
    }
}
