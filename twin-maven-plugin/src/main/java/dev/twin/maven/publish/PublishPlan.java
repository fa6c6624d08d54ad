package dev.twin.maven.publish;

import java.util.ArrayList;
import java.util.List;

/**
 * The difference between the local site and the bucket: what to upload, what is unchanged, what to
 * delete.
 */
public record PublishPlan(List<Upload> uploads, List<SiteFile> unchanged, List<String> deletes) {

    /** Why a file is uploaded. */
    public enum Reason {
        NEW,
        CHANGED
    }

    /** One file to upload, with its key in the bucket (prefix included) and headers. */
    public record Upload(
            SiteFile file,
            String objectKey,
            Reason reason,
            String contentType,
            String cacheControl) {}

    public PublishPlan {
        uploads = List.copyOf(uploads);
        unchanged = List.copyOf(unchanged);
        deletes = List.copyOf(deletes);
    }

    public boolean isEmpty() {
        return uploads.isEmpty() && deletes.isEmpty();
    }

    public long uploadBytes() {
        return uploads.stream().mapToLong(u -> u.file().size()).sum();
    }

    /**
     * The viewer paths whose cached copies are stale: changed and deleted files (new files too,
     * since an edge may hold a 403/404 for them); {@code /} as well when the root {@code
     * index.html} changed.
     */
    public List<String> changedPaths(String prefix) {
        List<String> paths = new ArrayList<>();
        for (Upload u : uploads) {
            paths.add("/" + u.file().key());
        }
        for (String key : deletes) {
            paths.add("/" + key.substring(prefix.length()));
        }
        if (paths.contains("/index.html")) {
            paths.add("/");
        }
        return paths.stream().sorted().distinct().toList();
    }
}
