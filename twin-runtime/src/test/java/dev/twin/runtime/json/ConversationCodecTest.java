package dev.twin.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationCodecTest {

    private static final SessionId ID = SessionId.parse("3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encode_writesTheDocumentedLayout() {
        Conversation c =
                new Conversation(
                        ID,
                        List.of(
                                new Message(Role.USER, "hi", Instant.parse("2026-11-25T10:00:00Z")),
                                new Message(
                                        Role.ASSISTANT,
                                        "hello",
                                        Instant.parse("2026-11-25T10:00:01.250Z"))));

        String json = new String(ConversationCodec.encode(c), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo(
                        "{\"session_id\":\"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\",\"messages\":["
                                + "{\"role\":\"user\",\"content\":\"hi\",\"timestamp\":\"2026-11-25T10:00:00Z\"},"
                                + "{\"role\":\"assistant\",\"content\":\"hello\",\"timestamp\":\"2026-11-25T10:00:01.250Z\"}],"
                                + "\"created_at\":\"2026-11-25T10:00:00Z\",\"updated_at\":\"2026-11-25T10:00:01.250Z\"}");
    }

    @Test
    void decode_toleratesUnknownFieldsAndPythonTimestamps() {
        String json =
                "{\"version\": 3, \"session_id\": \""
                        + ID.value()
                        + "\", \"owner\": {\"x\": [1, 2]},"
                        + " \"messages\": [{\"role\": \"user\", \"content\": \"hi\", \"timestamp\": \"2026-11-25T10:00:00.123456\","
                        + " \"tokens\": 3}, {\"role\": \"assistant\", \"content\": \"yo\", \"timestamp\": \"2026-11-25T11:00:00+01:00\"}],"
                        + " \"created_at\": \"whatever\"}";

        Conversation c = ConversationCodec.decode(utf8(json), ID);

        assertThat(c.messages())
                .extracting(Message::timestamp)
                .containsExactly(
                        Instant.parse("2026-11-25T10:00:00.123456Z"),
                        Instant.parse("2026-11-25T10:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "{\"messages\": []}",
                "{\"session_id\": \"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\"}",
                "{\"session_id\": \"../etc\", \"messages\": []}",
                "{\"session_id\": \"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\", \"messages\": {}}",
                "{\"session_id\": \"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\", \"messages\": [{\"role\": \"system\", \"content\": \"x\", \"timestamp\": \"2026-11-25T10:00:00Z\"}]}",
                "{\"session_id\": \"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\", \"messages\": [{\"role\": \"user\", \"content\": 1, \"timestamp\": \"2026-11-25T10:00:00Z\"}]}",
                "{\"session_id\": \"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\", \"messages\": [{\"role\": \"user\", \"content\": \"x\", \"timestamp\": \"yesterday\"}]}",
                "{\"session_id\": \"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\", \"messages\": [] } trailing",
                "{\"session_id\": \"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\", \"messages\": [",
                "{\"session_id\": \"00000000-0000-0000-0000-000000000000\", \"messages\": []}"
            })
    void decode_corruptFile_throwsTypedExceptionNamingTheSession(String json) {
        assertThatThrownBy(() -> ConversationCodec.decode(utf8(json), ID))
                .isInstanceOf(CorruptConversationException.class)
                .hasMessageContaining(ID.value())
                .satisfies(
                        e ->
                                assertThat(((CorruptConversationException) e).sessionId())
                                        .isEqualTo(ID));
    }

    @Test
    void roundTrip_keepsEveryCharacter() {
        Conversation c =
                new Conversation(
                        ID,
                        List.of(
                                new Message(
                                        Role.USER,
                                        "emoji 🚀, nul \u0000, quotes \"', backslash \\, line\u2028sep, </script>",
                                        Instant.EPOCH)));

        assertThat(ConversationCodec.decode(ConversationCodec.encode(c))).isEqualTo(c);
    }
}
