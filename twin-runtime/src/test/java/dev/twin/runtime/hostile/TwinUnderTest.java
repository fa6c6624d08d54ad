package dev.twin.runtime.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.TestSettings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.local.LocalPersonaSource;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.adapter.s3.S3ConversationStore;
import dev.twin.runtime.adapter.s3.S3PersonaSource;
import dev.twin.runtime.adapter.s3.S3StandIn;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.PersonaSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Test fixture: a twin with the offline model on the local directory store and a local persona
 * folder (both in one temp directory), or on a bucket in s3proxy, plus the bookkeeping of a hostile
 * run: the session ids of stored conversations, counts per attack kind, and the checks of what is
 * on disk afterwards.
 */
final class TwinUnderTest implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PERSONA = {"me.txt", "summary.txt", "style.txt", "facts.json"};

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    final S3StandIn s3;
    final String bucket;
    final Path root;
    final Path memory;
    final Path persona;
    final Path site;
    final Wiring wiring;
    final List<String> knownIds = new ArrayList<>();
    final Map<String, Integer> kinds = new TreeMap<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger validTurns = new AtomicInteger();
    final AtomicInteger httpLayerRefusals = new AtomicInteger();
    final List<String> refusals = new ArrayList<>();
    private final Map<String, byte[]> personaBefore = new TreeMap<>();
    private final Map<String, byte[]> siteBefore = new TreeMap<>();

    /** A twin on the local directory store and a local persona folder. */
    TwinUnderTest() throws IOException {
        this(null);
    }

    /**
     * A twin on {@code s3} (s3proxy): conversations and persona in a fresh bucket, as deployed;
     * {@code null} for the local directory store and persona folder.
     */
    TwinUnderTest(S3StandIn s3) throws IOException {
        this.s3 = s3;
        root = Files.createTempDirectory("twin-hostile-");
        memory = Files.createDirectories(root.resolve("memory"));
        // the persona sits next to conversations/, as in the bucket: the target of
        // "../persona/me.txt"
        persona = Files.createDirectories(memory.resolve("persona"));
        for (String f : PERSONA) {
            try (InputStream in =
                    TwinUnderTest.class.getResourceAsStream(
                            "/dev/twin/runtime/sample-persona/" + f)) {
                Files.write(persona.resolve(f), in.readAllBytes());
            }
        }
        site = Files.createDirectories(root.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>Ada</title>");
        Files.writeString(root.resolve("outside.txt"), "outside the site");
        snapshot(persona, personaBefore);
        snapshot(site, siteBefore);
        PersonaSource personaSource;
        ConversationStore store;
        if (s3 == null) {
            bucket = null;
            personaSource =
                    new LocalPersonaSource(persona, Duration.ofSeconds(30), Clock.systemUTC());
            store = new LocalConversationStore(memory);
        } else {
            bucket = "hostile-" + BUCKETS.incrementAndGet() + "-" + ProcessHandle.current().pid();
            s3.direct().createBucket(b -> b.bucket(bucket));
            personaBefore.forEach(
                    (name, bytes) ->
                            s3.direct()
                                    .putObject(
                                            r -> r.bucket(bucket).key("persona/" + name),
                                            RequestBody.fromBytes(bytes)));
            personaSource =
                    new S3PersonaSource(
                            s3.client(),
                            bucket,
                            "persona/",
                            Duration.ofSeconds(30),
                            Clock.systemUTC());
            store = new S3ConversationStore(s3.client(), bucket);
        }
        wiring =
                Wiring.of(
                        new OfflineChatModel(personaSource, "Ada Quill"),
                        store,
                        personaSource,
                        // cost guard off: the barrage replays turns faster than a visitor, and its
                        // valid turns must answer 200
                        TestSettings.costGuardOff("Ada Quill"),
                        Telemetry.discard());
    }

    /** What must never show in an answer: the store's directory, the bucket's name. */
    List<String> secretPaths() {
        return bucket == null ? List.of(root.toString()) : List.of(root.toString(), bucket);
    }

    /** A stored session id to aim at (a fresh UUID before the first conversation exists). */
    String known(long seed) {
        return knownIds.isEmpty()
                ? "0b5e7c2a-1d3f-4e6a-9b8c-7d6e5f4a3b2c"
                : knownIds.get((int) Math.floorMod(seed, knownIds.size()));
    }

    void count(Attack a, Answer r) {
        requests.incrementAndGet();
        kinds.merge(
                a.kind()
                        + (a.event() != Attack.EventShape.WELL_FORMED ? "/" + a.event() : "")
                        + (a.length() != Attack.Length.CORRECT ? "/" + a.length() : ""),
                1,
                Integer::sum);
        if (r == null || r.httpLayer()) {
            httpLayerRefusals.incrementAndGet();
            if (refusals.size() < 12) {
                refusals.add((r == null ? "no answer" : r.toString()) + " <- " + a);
            }
        }
    }

    /** A valid turn must succeed, and a new conversation's id is remembered as a target. */
    void checkValid(Attack a, Answer r) throws IOException {
        assertThat(r).as("answer to valid %s", a).isNotNull();
        assertThat(r.status()).as("status of valid %s: %s", a, r).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        if (a.method().equals("POST")) {
            String id = n.get("session_id").asText();
            SessionId.parse(id);
            assertThat(n.get("response").asText()).isNotBlank();
            if (!knownIds.contains(id)) {
                knownIds.add(id);
            }
        } else {
            assertThat(n.get("messages").size()).isPositive().isEven();
        }
        validTurns.incrementAndGet();
    }

    /**
     * After the run: every file is a conversation under {@code conversations/} that parses with
     * {@link ConversationCodec} (no temp files left, nothing written elsewhere), and the persona
     * and site are byte-for-byte unchanged.
     */
    void assertStoreIntact() throws IOException {
        Path conversations = memory.resolve("conversations");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        }
        int stored = 0;
        for (Path f : files) {
            if (f.startsWith(persona)
                    || f.startsWith(site)
                    || f.equals(root.resolve("outside.txt"))) {
                continue;
            }
            assertThat(f.getParent())
                    .as("file outside conversations/: %s", root.relativize(f))
                    .isEqualTo(conversations);
            String name = f.getFileName().toString();
            assertThat(name)
                    .as("stored file name")
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.json");
            assertConversation(name, Files.readAllBytes(f));
            stored++;
        }
        if (s3 != null) {
            stored = assertBucketIntact();
        }
        assertThat(stored)
                .as("stored conversations")
                .isGreaterThanOrEqualTo(knownIds.size())
                .isPositive();
        Map<String, byte[]> personaAfter = new TreeMap<>();
        Map<String, byte[]> siteAfter = new TreeMap<>();
        snapshot(persona, personaAfter);
        snapshot(site, siteAfter);
        assertThat(personaAfter.keySet()).isEqualTo(personaBefore.keySet());
        personaBefore.forEach(
                (k, v) -> assertThat(personaAfter.get(k)).as("persona file %s", k).isEqualTo(v));
        assertThat(siteAfter.keySet()).isEqualTo(siteBefore.keySet());
        assertThat(Files.readString(root.resolve("outside.txt"))).isEqualTo("outside the site");
    }

    /**
     * Every object is an unchanged persona file or a conversation under {@code conversations/} that
     * parses.
     */
    private int assertBucketIntact() {
        int stored = 0;
        int personaObjects = 0;
        for (S3Object o : s3.direct().listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            byte[] bytes =
                    s3.direct().getObjectAsBytes(r -> r.bucket(bucket).key(o.key())).asByteArray();
            if (o.key().startsWith("persona/")) {
                String name = o.key().substring("persona/".length());
                assertThat(personaBefore).as("persona object %s", o.key()).containsKey(name);
                assertThat(bytes)
                        .as("persona object %s", o.key())
                        .isEqualTo(personaBefore.get(name));
                personaObjects++;
                continue;
            }
            assertThat(o.key())
                    .as("object outside conversations/")
                    .matches(
                            "conversations/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.json");
            String name = o.key().substring("conversations/".length());
            assertConversation(name, bytes);
            stored++;
        }
        assertThat(personaObjects)
                .as("persona objects still there")
                .isEqualTo(personaBefore.size());
        return stored;
    }

    private static void assertConversation(String name, byte[] bytes) {
        SessionId id = new SessionId(name.substring(0, name.length() - 5));
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(
                            ByteBuffer.wrap(
                                    bytes)); // strict: other readers (Python, S3 tools) need UTF-8
        } catch (CharacterCodingException e) {
            throw new AssertionError(name + " is not valid UTF-8", e);
        }
        Conversation c = ConversationCodec.decode(bytes, id);
        assertThat(c.messages()).as("messages of %s", name).isNotEmpty();
        assertThat(c.messages().size() % 2).as("whole turns in %s", name).isZero();
    }

    private static void snapshot(Path dir, Map<String, byte[]> into) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                into.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
    }

    String summary(String front, long millis) {
        return front
                + ": "
                + requests
                + " generated requests ("
                + validTurns
                + " valid turns, "
                + knownIds.size()
                + " conversations, "
                + httpLayerRefusals
                + " refused by the HTTP layer or dropped) in "
                + millis
                + " ms; kinds "
                + kinds
                + (refusals.isEmpty()
                        ? ""
                        : "\n  refusals, e.g.:\n    " + String.join("\n    ", refusals));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
