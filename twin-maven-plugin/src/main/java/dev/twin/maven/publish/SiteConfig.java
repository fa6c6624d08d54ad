package dev.twin.maven.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twin.maven.core.Json;
import java.util.List;
import java.util.Objects;

/**
 * The site's {@code config.json}: where the API is, whose twin it is, avatar, intro and starter
 * questions.
 */
public record SiteConfig(
        String apiUrl,
        String twinName,
        String avatar,
        String intro,
        List<String> starterQuestions) {

    public static final String FILE_NAME = "config.json";
    public static final String DEFAULT_API_URL = "/api";

    public SiteConfig {
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
        try {
            return Json.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
