package dev.twin.maven.publish;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.TwinLog;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Publishes a static site to a bucket: plans by content hash (SHA-256 in object metadata, since an
 * ETag is no MD5 for multipart or KMS objects), uploads what changed in parallel, then deletes what
 * is stale under the prefix.
 */
public final class SitePublisher {

    private static final int DELETE_BATCH = 1000;

    private final ObjectStore s3;
    private final PublishConfig config;
    private final TwinLog log;
    private final Clock clock;
    // State of one publish: what the plan saw, for the manifest written after it.
    private volatile PublishManifest manifest = PublishManifest.empty();
    private Map<String, ObjectStore.Listed> remoteListing = Map.of();
    private final Map<String, String> uploadedEtags = new ConcurrentHashMap<>();
    private final AtomicInteger headsMade = new AtomicInteger();
    private volatile List<SiteFile> localFiles = List.of();

    public SitePublisher(ObjectStore s3, PublishConfig config, TwinLog log) {
        this(s3, config, log, Clock.systemUTC());
    }

    SitePublisher(ObjectStore s3, PublishConfig config, TwinLog log, Clock clock) {
        this.s3 = Objects.requireNonNull(s3);
        this.config = Objects.requireNonNull(config);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Compares the local site with the bucket; changes nothing. */
    public PublishPlan plan() {
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), daemonThreads());
        try {
            return plan(pool);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Plans, then carries the plan out (or only prints it with dry-run). */
    public PublishResult publish() {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), daemonThreads());
        try {
            PublishPlan plan = plan(pool);
            List<SiteFile> local = localFiles;
            log.info(
                    "Plan for s3://"
                            + config.bucket()
                            + "/"
                            + config.prefix()
                            + ": "
                            + plan.uploads().size()
                            + " to upload ("
                            + bytes(plan.uploadBytes())
                            + "), "
                            + plan.unchanged().size()
                            + " unchanged, "
                            + plan.deletes().size()
                            + " to delete");
            if (config.dryRun()) {
                plan.uploads()
                        .forEach(
                                u ->
                                        log.info(
                                                "  would upload "
                                                        + u.objectKey()
                                                        + " ("
                                                        + u.reason().name().toLowerCase(Locale.ROOT)
                                                        + ", "
                                                        + u.contentType()
                                                        + ", "
                                                        + u.cacheControl()
                                                        + ")"));
                plan.deletes().forEach(k -> log.info("  would delete " + k));
                log.info("Dry run: nothing was changed");
                return new PublishResult(
                        plan,
                        0,
                        0,
                        0,
                        Duration.ofNanos(System.nanoTime() - start),
                        true,
                        headsMade.get());
            }
            // Assets first, then the no-cache files (HTML, config.json) that name them, then
            // deletions: a visitor
            // never loads a page whose assets are not there yet.
            List<PublishPlan.Upload> assets = new ArrayList<>();
            List<PublishPlan.Upload> entryPoints = new ArrayList<>();
            for (PublishPlan.Upload u : plan.uploads()) {
                (CachePolicy.NO_CACHE.equals(u.cacheControl()) ? entryPoints : assets).add(u);
            }
            Progress progress = new Progress(plan.uploads().size(), plan.uploadBytes());
            upload(assets, pool, progress);
            upload(entryPoints, pool, progress);
            int deleted = delete(plan.deletes());
            writeManifest(local, plan);
            config.lastPublishFile()
                    .ifPresent(
                            file ->
                                    new LastPublish(
                                                    config.bucket(),
                                                    config.prefix(),
                                                    clock.instant(),
                                                    plan.changedPaths(config.prefix()))
                                            .write(file));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            log.info(
                    "Published "
                            + progress.files.get()
                            + " files ("
                            + bytes(progress.bytes.get())
                            + "), deleted "
                            + deleted
                            + ", "
                            + plan.unchanged().size()
                            + " unchanged, in "
                            + elapsed.toMillis()
                            + " ms");
            return new PublishResult(
                    plan,
                    progress.files.get(),
                    deleted,
                    progress.bytes.get(),
                    elapsed,
                    false,
                    headsMade.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private PublishPlan plan(ExecutorService pool) {
        if (!Files.isDirectory(config.siteDir())) {
            throw new SiteDirNotFoundException(config.siteDir());
        }
        // The LIST, the manifest GET and the local scan overlap: a no-op publish costs about the
        // longest of the
        // three, not their sum.
        CompletableFuture<Map<String, ObjectStore.Listed>> listing =
                CompletableFuture.supplyAsync(this::listRemote, pool);
        CompletableFuture<PublishManifest> manifestRead =
                CompletableFuture.supplyAsync(this::readManifest, pool);
        List<SiteFile> local;
        try {
            local = scan();
        } catch (RuntimeException e) {
            listing.cancel(true);
            manifestRead.cancel(true);
            throw e;
        }
        localFiles = local;
        Map<String, ObjectStore.Listed> remote = joinValue(listing);
        manifest = joinValue(manifestRead);
        List<PublishPlan.Upload> uploads = new ArrayList<>();
        List<SiteFile> unchanged = new ArrayList<>();
        List<CompletableFuture<Void>> heads = new ArrayList<>();
        // Keyed by object key, not SiteFile: a record's hashCode bootstraps an invokedynamic call
        // site (~20 ms cold).
        Map<String, String> remoteHashes = new ConcurrentHashMap<>();
        for (SiteFile file : local) {
            ObjectStore.Listed object = remote.get(objectKey(file));
            if (object == null || object.size() != file.size()) {
                continue; // new, or a different size: changed without asking
            }
            var cached = manifest.hashIfCurrent(object.key(), object.etag(), object.size());
            if (cached.isPresent()) {
                remoteHashes.put(object.key(), cached.get());
            } else {
                // Not in the manifest (or overwritten since): the object's metadata is the truth.
                headsMade.incrementAndGet();
                heads.add(
                        CompletableFuture.runAsync(
                                () -> {
                                    String hash = remoteHash(objectKey(file));
                                    if (hash != null) {
                                        remoteHashes.put(objectKey(file), hash);
                                    }
                                },
                                pool));
            }
        }
        join(heads);
        for (SiteFile file : local) {
            String key = objectKey(file);
            if (!remote.containsKey(key)) {
                uploads.add(upload(file, PublishPlan.Reason.NEW));
            } else if (file.sha256().equals(remoteHashes.get(key))) {
                unchanged.add(file);
            } else {
                uploads.add(upload(file, PublishPlan.Reason.CHANGED));
            }
        }
        var localKeys = new HashSet<String>();
        local.forEach(f -> localKeys.add(objectKey(f)));
        List<String> deletes =
                remote.keySet().stream()
                        .filter(k -> k.startsWith(config.prefix()) && !localKeys.contains(k))
                        .sorted()
                        .toList();
        remoteListing = remote;
        return new PublishPlan(uploads, unchanged, deletes);
    }

    private List<SiteFile> scan() {
        List<SiteFile> files = SiteScanner.scan(config.siteDir());
        // The old public manifest's name stays reserved, so that it is deleted as stale wherever it
        // was left.
        for (SiteFile f : files) {
            if (f.key().equals(PublishManifest.LEGACY_NAME)) {
                log.warn(
                        "Not publishing "
                                + PublishManifest.LEGACY_NAME
                                + " from "
                                + config.siteDir()
                                + ": the name is reserved");
                return files.stream()
                        .filter(other -> !other.key().equals(PublishManifest.LEGACY_NAME))
                        .toList();
            }
        }
        return files;
    }

    private String manifestKey() {
        return PublishManifest.keyFor(config.bucket(), config.prefix());
    }

    private PublishManifest readManifest() {
        if (config.manifestBucket().isEmpty()) {
            return PublishManifest.empty();
        }
        String bucket = config.manifestBucket().get();
        try {
            return s3.get(bucket, manifestKey())
                    .map(PublishManifest::parse)
                    .orElseGet(PublishManifest::empty);
        } catch (TwinException e) {
            log.debug(
                    "Cannot read s3://"
                            + bucket
                            + "/"
                            + manifestKey()
                            + " ("
                            + e.getMessage()
                            + "); checking every file by HEAD");
            return PublishManifest.empty();
        }
    }

    /**
     * Records the hashes now in the bucket; skipped when nothing changed and the manifest already
     * says so.
     */
    private void writeManifest(List<SiteFile> local, PublishPlan plan) {
        Map<String, PublishManifest.Entry> entries = new HashMap<>();
        for (SiteFile file : plan.unchanged()) {
            ObjectStore.Listed listed = remoteListing.get(objectKey(file));
            entries.put(
                    objectKey(file),
                    new PublishManifest.Entry(file.sha256(), listed.etag(), file.size()));
        }
        for (PublishPlan.Upload u : plan.uploads()) {
            entries.put(
                    u.objectKey(),
                    new PublishManifest.Entry(
                            u.file().sha256(), uploadedEtags.get(u.objectKey()), u.file().size()));
        }
        PublishManifest fresh = new PublishManifest(entries);
        if (config.manifestBucket().isEmpty()
                || plan.isEmpty() && headsMade.get() == 0 && fresh.sameEntries(manifest)) {
            return;
        }
        // Encrypted like every other object of the memory bucket (twin:upload-persona sends the
        // same header).
        s3.put(
                config.manifestBucket().get(),
                manifestKey(),
                fresh.toBytes(),
                new ObjectStore.PutHeaders(
                        "text/plain; charset=utf-8", "no-store", Map.of(), "AES256"));
    }

    private PublishPlan.Upload upload(SiteFile file, PublishPlan.Reason reason) {
        return new PublishPlan.Upload(
                file,
                objectKey(file),
                reason,
                ContentTypes.of(file.key()),
                CachePolicy.of(file.key()));
    }

    private String objectKey(SiteFile file) {
        return config.prefix() + file.key();
    }

    private Map<String, ObjectStore.Listed> listRemote() {
        Map<String, ObjectStore.Listed> remote = new HashMap<>();
        s3.list(config.bucket(), config.prefix()).forEach(o -> remote.put(o.key(), o));
        return remote;
    }

    /** The hash in the object's metadata; null when the object or the metadata is gone. */
    private String remoteHash(String key) {
        return s3.headMetadata(config.bucket(), key)
                .map(m -> m.get(Hashing.METADATA_KEY))
                .orElse(null);
    }

    private void upload(List<PublishPlan.Upload> uploads, ExecutorService pool, Progress progress) {
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (PublishPlan.Upload u : uploads) {
            puts.add(
                    CompletableFuture.runAsync(
                            () -> {
                                // The scan's hash doubles as the signed payload hash, so each file
                                // is read once, not twice. (S3
                                // refuses the PUT if the file changed since: nothing mismatched is
                                // ever stored.)
                                String etag =
                                        s3.put(
                                                config.bucket(),
                                                u.objectKey(),
                                                u.file().path(),
                                                new ObjectStore.PutHeaders(
                                                        u.contentType(),
                                                        u.cacheControl(),
                                                        Map.of(
                                                                Hashing.METADATA_KEY,
                                                                u.file().sha256()),
                                                        null),
                                                u.file().sha256());
                                uploadedEtags.put(u.objectKey(), etag);
                                progress.done(u.file().size(), log);
                            },
                            pool));
        }
        join(puts);
    }

    private int delete(List<String> keys) {
        int deleted = 0;
        for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
            List<String> batch = keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH));
            s3.delete(config.bucket(), batch);
            deleted += batch.size();
            log.info("Deleted " + deleted + "/" + keys.size() + " stale files");
        }
        return deleted;
    }

    private static <T> T joinValue(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static void join(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof TwinException t) {
                throw t;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        Function<Runnable, Thread> factory =
                r -> {
                    Thread t = new Thread(r, "twin-publish-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
        return factory::apply;
    }

    // Not String.format: its first call loads the Formatter and locale data (~20 ms in a fresh
    // JVM), and "%.1f"
    // would print "1,5 KB" in a German locale.
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return oneDecimal(bytes, 1024) + " KB";
        }
        return oneDecimal(bytes, 1024 * 1024) + " MB";
    }

    private static String oneDecimal(long value, long unit) {
        long tenths = Math.round(value * 10.0 / unit);
        return tenths / 10 + "." + tenths % 10;
    }

    /**
     * Upload progress, logged at every tenth of the files for sites of 20 files or more (and at the
     * end).
     */
    private static final class Progress {
        private final int totalFiles;
        private final long totalBytes;
        private final AtomicInteger files = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();

        Progress(int totalFiles, long totalBytes) {
            this.totalFiles = totalFiles;
            this.totalBytes = totalBytes;
        }

        void done(long size, TwinLog log) {
            long b = bytes.addAndGet(size);
            int f = files.incrementAndGet();
            int step = Math.max(1, totalFiles / 10);
            if ((totalFiles >= 20 && f % step == 0) || f == totalFiles) {
                // Counts come from parallel threads; the lock keeps the printed lines in order.
                synchronized (this) {
                    log.info(
                            "Uploaded "
                                    + f
                                    + "/"
                                    + totalFiles
                                    + " files, "
                                    + SitePublisher.bytes(b)
                                    + "/"
                                    + SitePublisher.bytes(totalBytes));
                }
            }
        }
    }
}
