package dev.twin.runtime.port;

import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.Versioned;
import java.util.Optional;

/**
 * Outgoing port: keeps conversations. Writes are compare-and-swap so two tabs never lose a turn;
 * the retry (re-read, re-apply, back off) lives once, in the chat service, not in each adapter.
 */
public interface ConversationStore {

    /**
     * Reads a conversation.
     *
     * @throws StoreUnavailableException when the backing store cannot be reached or answers with a
     *     fault
     */
    Optional<Versioned<Conversation>> find(SessionId id);

    /**
     * Writes a conversation if the stored version is still {@code expectedVersion}.
     *
     * @param expectedVersion the version read before, or {@code null} to create (fails if it
     *     exists)
     * @return the new version
     * @throws VersionConflictException when someone else wrote first (or created it meanwhile)
     * @throws StoreUnavailableException when the backing store cannot be reached or answers with a
     *     fault
     */
    String put(Conversation conversation, String expectedVersion);

    /**
     * Erases a conversation, every stored version included (a versioned bucket keeps old versions
     * until each is deleted by id), so that {@link #find} answers empty afterwards. Leads and
     * unknown questions recorded from the conversation are not touched.
     *
     * <p>A default so that stores written elsewhere (test stand-ins) keep compiling; every adapter
     * of this module overrides it.
     *
     * @return whether anything was stored under {@code id}
     * @throws StoreUnavailableException when the backing store cannot be reached or refuses
     */
    default boolean delete(SessionId id) {
        throw new UnsupportedOperationException(describe() + " cannot erase conversations");
    }

    /** One line for the startup banner, e.g. {@code "s3://bucket/conversations/"}. */
    String describe();
}
