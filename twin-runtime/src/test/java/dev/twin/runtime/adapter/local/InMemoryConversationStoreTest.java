package dev.twin.runtime.adapter.local;

import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.ConversationStoreContract;

class InMemoryConversationStoreTest extends ConversationStoreContract {

    private InMemoryConversationStore memory;

    @Override
    protected ConversationStore newStore() {
        memory = new InMemoryConversationStore();
        return memory;
    }

    @Override
    protected byte[] storedBytes(SessionId id) {
        return memory.raw(id);
    }

    @Override
    protected void writeStoredBytes(SessionId id, byte[] bytes) {
        memory.putRaw(id, bytes);
    }
}
