package dev.twin.runtime.port;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.owner.Lead;
import dev.twin.runtime.owner.UnknownQuestion;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract every {@link LeadStore} adapter passes ({@code S3LeadStoreTest}, {@code
 * LocalLeadStoreTest}): one new object per record, at the documented key, in the documented JSON.
 */
public abstract class LeadStoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2026-12-06T23:59:58.123Z");

    /** A store with nothing recorded. */
    protected abstract LeadStore newStore() throws Exception;

    /** Every stored object (or file) under {@code prefix}, by key relative to the memory root. */
    protected abstract Map<String, byte[]> stored(String prefix) throws Exception;

    protected LeadStore store;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @Test
    void recordLead_writesOneObjectUnderLeadsDayUuid_withTheDocumentedFields() throws Exception {
        // Given
        SessionId session = SessionId.random();
        Lead lead = Lead.of(" ana@example.com ", "Ana", "About a talk", session, CREATED);

        // When
        store.record(lead);

        // Then
        Map<String, byte[]> leads = stored("leads/");
        assertThat(leads).containsOnlyKeys("leads/2026-12-06/" + lead.id() + ".json");
        JsonNode json = JSON.readTree(leads.values().iterator().next());
        assertThat(json.get("email").asText()).isEqualTo("ana@example.com");
        assertThat(json.get("name").asText()).isEqualTo("Ana");
        assertThat(json.get("note").asText()).isEqualTo("About a talk");
        assertThat(json.get("session_id").asText()).isEqualTo(session.value());
        assertThat(Instant.parse(json.get("created").asText())).isEqualTo(CREATED);
        assertThat(stored("unknown/")).isEmpty();
    }

    @Test
    void recordLead_withoutNameOrNote_leavesThoseFieldsOut() throws Exception {
        store.record(Lead.of("a@b.io", null, "  ", SessionId.random(), CREATED));

        JsonNode json = JSON.readTree(stored("leads/").values().iterator().next());
        assertThat(json.has("name")).isFalse();
        assertThat(json.has("note")).isFalse();
    }

    @Test
    void recordLead_keepsMarkupAsInertText() throws Exception {
        String note = "<img src=x onerror=alert(1)> \"quoted\" \\ 🚀";

        store.record(Lead.of("a@b.io", "<b>x</b>", note, SessionId.random(), CREATED));

        JsonNode json = JSON.readTree(stored("leads/").values().iterator().next());
        assertThat(json.get("note").asText()).isEqualTo(note);
        assertThat(json.get("name").asText()).isEqualTo("<b>x</b>");
    }

    @Test
    void recordUnknownQuestion_writesOneObjectUnderUnknownDayUuid() throws Exception {
        SessionId session = SessionId.random();
        UnknownQuestion q = UnknownQuestion.of("What is your shoe size?", session, CREATED);

        store.record(q);

        Map<String, byte[]> unknown = stored("unknown/");
        assertThat(unknown).containsOnlyKeys("unknown/2026-12-06/" + q.id() + ".json");
        JsonNode json = JSON.readTree(unknown.values().iterator().next());
        assertThat(json.get("question").asText()).isEqualTo("What is your shoe size?");
        assertThat(json.get("session_id").asText()).isEqualTo(session.value());
        assertThat(json.has("created")).isTrue();
    }

    @Test
    void twoRecords_neverOverwriteEachOther() throws Exception {
        SessionId session = SessionId.random();
        store.record(Lead.of("a@b.io", null, null, session, CREATED));
        store.record(Lead.of("a@b.io", null, null, session, CREATED));

        assertThat(stored("leads/")).hasSize(2);
    }
}
