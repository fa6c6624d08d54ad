package dev.twin.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.Settings;
import dev.twin.runtime.TestSettings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.local.DevServer;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ConversationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The load generator's checks bite: a store that drops or doubles a turn fails the run. */
class LoadGeneratorTest {

    /**
     * Misbehaves once per conversation, on its third turn (the first put that carries 6 messages).
     */
    private static final class FaultyStore implements ConversationStore {
        private final InMemoryConversationStore delegate = new InMemoryConversationStore();
        private final Set<SessionId> done = ConcurrentHashMap.newKeySet();
        private final boolean duplicate;

        FaultyStore(boolean duplicate) {
            this.duplicate = duplicate;
        }

        @Override
        public Optional<Versioned<Conversation>> find(SessionId id) {
            return delegate.find(id);
        }

        @Override
        public String put(Conversation conversation, String expectedVersion) {
            List<Message> m = conversation.messages();
            if (m.size() != 6 || !done.add(conversation.sessionId())) {
                return delegate.put(conversation, expectedVersion);
            }
            if (!duplicate) {
                return expectedVersion; // acknowledges the write, keeps the old conversation: the
                // turn is lost
            }
            List<Message> doubled = new ArrayList<>(m);
            doubled.addAll(m.subList(4, 6));
            return delegate.put(
                    new Conversation(conversation.sessionId(), doubled), expectedVersion);
        }

        @Override
        public String describe() {
            return "faulty";
        }
    }

    private static LoadGenerator.Result runAgainst(ConversationStore store) throws Exception {
        BundledPersonaSource persona = new BundledPersonaSource();
        Settings settings = TestSettings.costGuardOff("Ada Quill");
        Wiring wiring =
                Wiring.of(
                        new OfflineChatModel(persona, "Ada Quill"),
                        store,
                        persona,
                        settings,
                        Telemetry.discard());
        try (DevServer server = DevServer.start(wiring, null, 0)) {
            return new LoadGenerator(server.uri()).run(3, 4, "check");
        }
    }

    @Test
    void run_countsLostTurns_whenTheStoreAcknowledgesAWriteItDropped() throws Exception {
        // Given a store that silently drops the third turn of each conversation
        // When 3 visitors ask 4 questions each
        LoadGenerator.Result result = runAgainst(new FaultyStore(false));

        // Then every turn was answered, but one per conversation is lost and the run fails
        assertThat(result.errors()).isZero();
        assertThat(result.answered()).isEqualTo(12);
        assertThat(result.lostTurns()).isEqualTo(3);
        assertThat(result.problems()).anyMatch(p -> p.contains("answered turns are not stored"));
        assertThat(result.passed()).isFalse();
    }

    @Test
    void run_reportsDuplicates_whenTheStoreWritesATurnTwice() throws Exception {
        // Given a store that writes the third turn of each conversation twice
        // When 3 visitors ask 4 questions each
        LoadGenerator.Result result = runAgainst(new FaultyStore(true));

        // Then nothing is lost, but the doubled question is reported and the run fails
        assertThat(result.lostTurns()).isZero();
        assertThat(result.problems()).anyMatch(p -> p.contains("stored 2 times"));
        assertThat(result.passed()).isFalse();
    }

    @Test
    void run_countsErrors_whenTheServerIsGone() throws Exception {
        // Given a server that has been stopped
        DevServer server =
                DevServer.start(
                        Wiring.of(
                                new OfflineChatModel(new BundledPersonaSource(), "Ada"),
                                new InMemoryConversationStore(),
                                new BundledPersonaSource(),
                                TestSettings.costGuardOff("Ada"),
                                Telemetry.discard()),
                        null,
                        0);
        server.close();

        // When 2 visitors try 3 turns each
        LoadGenerator.Result result = new LoadGenerator(server.uri()).run(2, 3, "gone");

        // Then every turn is an error and nothing is answered
        assertThat(result.errors()).isEqualTo(6);
        assertThat(result.answered()).isZero();
        assertThat(result.passed()).isFalse();
    }
}
