package dev.twin.maven.persona;

import java.util.List;

/** What an upload did: names uploaded, unchanged, and removed from the bucket. */
public record PersonaUploadResult(
        List<String> uploaded, List<String> unchanged, List<String> deleted) {

    public PersonaUploadResult {
        uploaded = List.copyOf(uploaded);
        unchanged = List.copyOf(unchanged);
        deleted = List.copyOf(deleted);
    }
}
