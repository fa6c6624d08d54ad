package dev.twin.runtime.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.ConversationStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalConversationStoreTest extends ConversationStoreContract {

    @TempDir Path memoryDir;

    @Override
    protected ConversationStore newStore() {
        return new LocalConversationStore(memoryDir);
    }

    @Override
    protected byte[] storedBytes(SessionId id) throws Exception {
        Path file = memoryDir.resolve("conversations").resolve(id.value() + ".json");
        return Files.exists(file) ? Files.readAllBytes(file) : null;
    }

    @Override
    protected void writeStoredBytes(SessionId id, byte[] bytes) throws Exception {
        Path dir = Files.createDirectories(memoryDir.resolve("conversations"));
        Files.write(dir.resolve(id.value() + ".json"), bytes);
    }

    @Test
    void put_leavesNoTempFilesBehind() throws Exception {
        SessionId id = SessionId.random();
        String v =
                store.put(
                        new Conversation(id, List.of(new Message(Role.USER, "hi", Instant.now()))),
                        null);
        store.put(new Conversation(id, List.of()), v);

        try (Stream<Path> files = Files.list(memoryDir.resolve("conversations"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly(id.value() + ".json");
        }
    }
}
