package dev.twin.maven.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twin.maven.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteConfigTest {

    @Test
    void toJson_turnsStreamingOn_byDefault_andLeavesThePrivacyLineToThePage() throws Exception {
        // Given: the goals' usual config, no privacy line of the owner's own
        SiteConfig config = new SiteConfig(null, "Ada", null, null, List.of("Who are you?"));

        // When
        JsonNode json = Json.MAPPER.readTree(config.toJson());

        // Then: the page streams (every stack and twin:run serve /chat/stream) and shows its own
        // line
        assertThat(json.get("apiUrl").asText()).isEqualTo("/api");
        assertThat(json.get("streaming").asBoolean()).isTrue();
        assertThat(json.has("privacyNote")).isFalse();
    }

    @Test
    void toJson_carriesTheOwnersPrivacyLine_andStreamingOff_whenAsked() throws Exception {
        // Given
        SiteConfig config =
                new SiteConfig(
                        null,
                        "Ada",
                        null,
                        null,
                        List.of(),
                        false,
                        "  Conversations are kept for 90 days; contact details go to Ada.  ");

        // When
        JsonNode json = Json.MAPPER.readTree(config.toJson());

        // Then
        assertThat(json.get("streaming").asBoolean()).isFalse();
        assertThat(json.get("privacyNote").asText())
                .isEqualTo("Conversations are kept for 90 days; contact details go to Ada.");
    }
}
