package dev.twin.maven.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twin.maven.core.Json;
import java.util.List;
import java.util.Objects;

/**
 * The site's {@code config.json}: where the API is, whose twin it is, avatar, intro, starter
 * questions, whether replies stream ({@code POST /api/chat/stream}, which every twin stack and
 * {@code twin:run} serve; the page falls back to {@code /api/chat} when the stream route fails
 * before its first byte) and the page's privacy line (blank: the page's own generic line).
 */
public record SiteConfig(
        String apiUrl,
        String twinName,
        String avatar,
        String intro,
        List<String> starterQuestions,
        boolean streaming,
        String privacyNote) {

    public static final String FILE_NAME = "config.json";
    public static final String DEFAULT_API_URL = "/api";

    /** Streaming on, no privacy line of the owner's own. */
    public SiteConfig(
            String apiUrl,
            String twinName,
            String avatar,
            String intro,
            List<String> starterQuestions) {
        this(apiUrl, twinName, avatar, intro, starterQuestions, true, null);
    }

    public SiteConfig {
        privacyNote = privacyNote == null ? "" : privacyNote.strip();
        apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.strip();
        Objects.requireNonNull(twinName, "twinName");
        avatar = avatar == null ? "" : avatar.strip();
        intro = intro == null ? "" : intro.strip();
        starterQuestions =
                starterQuestions == null
                        ? List.of()
                        : starterQuestions.stream()
                                .filter(q -> q != null && !q.isBlank())
                                .map(String::strip)
                                .toList();
    }

    public String toJson() {
        var root = Json.MAPPER.createObjectNode();
        root.put("apiUrl", apiUrl);
        root.put("twinName", twinName);
        root.put("avatar", avatar);
        root.put("intro", intro);
        var questions = root.putArray("starterQuestions");
        starterQuestions.forEach(questions::add);
        root.put("streaming", streaming);
        if (!privacyNote.isEmpty()) {
            root.put("privacyNote", privacyNote);
        }
        try {
            return Json.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
