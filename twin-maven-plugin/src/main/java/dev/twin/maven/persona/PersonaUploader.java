package dev.twin.maven.persona;

import dev.twin.maven.core.AwsErrors;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.publish.Hashing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Uploads the persona directory to the memory bucket's {@code persona/} prefix: validates
 * everything first, skips files whose content hash matches, removes remote files deleted locally,
 * encrypts every put.
 */
public final class PersonaUploader {

    private final S3Client s3;
    private final PersonaConfig config;
    private final TwinLog log;

    public PersonaUploader(S3Client s3, PersonaConfig config, TwinLog log) {
        this.s3 = Objects.requireNonNull(s3);
        this.config = Objects.requireNonNull(config);
        this.log = Objects.requireNonNull(log);
    }

    public PersonaUploadResult upload() {
        // Validation first: a broken facts.json must not leave half a persona in the bucket.
        List<PersonaFile> files = PersonaReader.read(config.personaDir(), config.maxBytes(), log);
        Map<String, S3Object> remote = new HashMap<>();
        call(
                "ListObjectsV2",
                () -> {
                    s3.listObjectsV2Paginator(
                                    b -> b.bucket(config.bucket()).prefix(config.prefix()))
                            .contents()
                            .forEach(o -> remote.put(o.key(), o));
                    return null;
                });
        List<String> uploaded = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (PersonaFile file : files) {
            String key = config.prefix() + file.name();
            byte[] bytes = file.bytes();
            String hash = Hashing.sha256(bytes);
            S3Object existing = remote.get(key);
            if (existing != null
                    && existing.size() == bytes.length
                    && hash.equals(remoteHash(key))) {
                unchanged.add(file.name());
                continue;
            }
            call(
                    "PutObject " + key,
                    () ->
                            s3.putObject(
                                    b ->
                                            b.bucket(config.bucket())
                                                    .key(key)
                                                    .contentType(file.contentType())
                                                    .serverSideEncryption(config.encryption())
                                                    .metadata(Map.of(Hashing.METADATA_KEY, hash)),
                                    RequestBody.fromBytes(bytes)));
            uploaded.add(file.name());
            log.info(
                    "Uploaded "
                            + file.name()
                            + " ("
                            + bytes.length
                            + " bytes"
                            + (file.source().getFileName().toString().equals(file.name())
                                    ? ""
                                    : ", text of " + file.source().getFileName())
                            + ")");
        }
        List<String> localKeys = files.stream().map(f -> config.prefix() + f.name()).toList();
        List<String> deleted = new ArrayList<>();
        for (String key : remote.keySet().stream().sorted().toList()) {
            if (!localKeys.contains(key)) {
                call(
                        "DeleteObject " + key,
                        () -> s3.deleteObject(b -> b.bucket(config.bucket()).key(key)));
                deleted.add(key.substring(config.prefix().length()));
                log.info("Removed " + key + " (no longer in " + config.personaDir() + ")");
            }
        }
        log.info(
                String.format(
                        "Persona: %d uploaded, %d unchanged, %d removed (s3://%s/%s)",
                        uploaded.size(),
                        unchanged.size(),
                        deleted.size(),
                        config.bucket(),
                        config.prefix()));
        return new PersonaUploadResult(uploaded, unchanged, deleted);
    }

    private String remoteHash(String key) {
        return call(
                        "HeadObject " + key,
                        () -> s3.headObject(b -> b.bucket(config.bucket()).key(key)))
                .metadata()
                .get(Hashing.METADATA_KEY);
    }

    private <T> T call(String operation, Supplier<T> request) {
        return AwsErrors.s3(operation, config.bucket(), request);
    }
}
