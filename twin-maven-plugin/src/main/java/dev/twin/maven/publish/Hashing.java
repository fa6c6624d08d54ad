package dev.twin.maven.publish;

import dev.twin.maven.core.Sha256;
import java.io.IOException;
import java.nio.file.Path;

/** SHA-256 of files and bytes, as lower-case hex: the content hash kept in object metadata. */
public final class Hashing {

    /** The object metadata key (sent as {@code x-amz-meta-twin-sha256}). */
    public static final String METADATA_KEY = "twin-sha256";

    private Hashing() {}

    public static String sha256(Path file) throws IOException {
        return Sha256.hexOf(file);
    }

    public static String sha256(byte[] bytes) {
        return Sha256.hexOf(bytes);
    }
}
