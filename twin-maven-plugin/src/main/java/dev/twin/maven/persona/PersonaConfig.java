package dev.twin.maven.persona;

import dev.twin.contract.MemoryBucketLayout;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Where the persona comes from and goes to, the text limit, and the server-side encryption of every
 * put.
 */
public record PersonaConfig(
        Path personaDir,
        String bucket,
        String prefix,
        long maxBytes,
        ServerSideEncryption encryption) {

    public PersonaConfig {
        Objects.requireNonNull(personaDir, "personaDir");
        Objects.requireNonNull(encryption, "encryption");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is required");
        }
        prefix =
                prefix == null || prefix.isBlank()
                        ? MemoryBucketLayout.PERSONA_PREFIX
                        : (prefix.endsWith("/") ? prefix : prefix + "/");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
    }

    public static PersonaConfig of(Path personaDir, String bucket) {
        return new PersonaConfig(
                personaDir,
                bucket,
                MemoryBucketLayout.PERSONA_PREFIX,
                PersonaReader.DEFAULT_MAX_BYTES,
                ServerSideEncryption.AES256);
    }

    public PersonaConfig withMaxBytes(long newMaxBytes) {
        return new PersonaConfig(personaDir, bucket, prefix, newMaxBytes, encryption);
    }
}
