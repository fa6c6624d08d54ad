package dev.twin.runtime.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.json.ConversationCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The turn id that lets a retried write recognise its own turn: stored, read back, optional for old
 * files.
 */
class TurnIdTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00.123456Z");
    private final SessionId id = SessionId.random();

    @Test
    void turnId_isStoredOnBothMessages_andReadBack() {
        Conversation c =
                new Conversation(
                        id,
                        List.of(
                                new Message(Role.USER, "hi", T, "turn-1"),
                                new Message(Role.ASSISTANT, "hello", T, "turn-1")));

        byte[] json = ConversationCodec.encode(c);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"turn_id\":\"turn-1\"");
        assertThat(ConversationCodec.decode(json, id)).isEqualTo(c);
        assertThat(ConversationCodec.decode(json, id).hasTurn("turn-1")).isTrue();
        assertThat(ConversationCodec.decode(json, id).hasTurn("turn-2")).isFalse();
    }

    @Test
    void conversationWithoutTurnIds_readsAsBefore_andWritesNoTurnId() {
        String legacy =
                """
        {"session_id":"%s","messages":[{"role":"user","content":"hi","timestamp":"2026-11-01T10:00:00"}],
         "created_at":"2026-11-01T10:00:00","updated_at":"2026-11-01T10:00:00"}
        """
                        .formatted(id.value());

        Conversation c = ConversationCodec.decode(legacy.getBytes(StandardCharsets.UTF_8), id);

        assertThat(c.messages()).singleElement().satisfies(m -> assertThat(m.turnId()).isNull());
        assertThat(c.hasTurn(null)).isFalse();
        assertThat(new String(ConversationCodec.encode(c), StandardCharsets.UTF_8))
                .doesNotContain("turn_id");
    }

    @Test
    void unusableStoredTurnId_isDropped_notAReasonToRefuseTheConversation() {
        String odd =
                """
        {"session_id":"%s","messages":[
          {"role":"user","content":"a","timestamp":"2026-11-01T10:00:00Z","turn_id":42},
          {"role":"assistant","content":"b","timestamp":"2026-11-01T10:00:00Z","turn_id":"%s"},
          {"role":"user","content":"c","timestamp":"2026-11-01T10:00:00Z","turn_id":"  "}]}
        """
                        .formatted(id.value(), "x".repeat(65));

        Conversation c = ConversationCodec.decode(odd.getBytes(StandardCharsets.UTF_8), id);

        assertThat(c.messages()).extracting(Message::turnId).containsExactly(null, null, null);
    }

    @Test
    void message_refusesABlankOrOverlongTurnId_namingIt() {
        assertThatThrownBy(() -> new Message(Role.USER, "hi", T, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("turnId");
        assertThatThrownBy(() -> new Message(Role.USER, "hi", T, "y".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yyyy");
    }
}
