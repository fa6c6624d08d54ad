package dev.twin.runtime.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.local.LocalPersonaSource;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.observe.Telemetry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
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

/**
 * Test fixture: a twin wired like a local one (offline model, local directory store and a local
 * persona folder, both in one temp directory) plus the bookkeeping of a hostile run: the session
 * ids of stored conversations, counts per attack kind, and the checks of what is on disk afterwards.
 */
final class TwinUnderTest implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] PERSONA = {"me.txt", "summary.txt", "style.txt", "facts.json"};

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

  TwinUnderTest() throws IOException {
    root = Files.createTempDirectory("twin-hostile-");
    memory = Files.createDirectories(root.resolve("memory"));
    // the persona sits next to conversations/, as in the bucket: the target of "../persona/me.txt"
    persona = Files.createDirectories(memory.resolve("persona"));
    for (String f : PERSONA) {
      try (InputStream in = TwinUnderTest.class.getResourceAsStream("/dev/twin/runtime/sample-persona/" + f)) {
        Files.write(persona.resolve(f), in.readAllBytes());
      }
    }
    site = Files.createDirectories(root.resolve("site"));
    Files.writeString(site.resolve("index.html"), "<!doctype html><title>Ada</title>");
    Files.writeString(root.resolve("outside.txt"), "outside the site");
    snapshot(persona, personaBefore);
    snapshot(site, siteBefore);
    LocalPersonaSource personaSource = new LocalPersonaSource(persona, Duration.ofSeconds(30), Clock.systemUTC());
    wiring = Wiring.of(new OfflineChatModel(personaSource, "Ada Quill"), new LocalConversationStore(memory), personaSource,
        Settings.from(Map.of("TWIN_NAME", "Ada Quill")), Telemetry.discard());
  }

  /** Directories whose absolute paths must never show in an answer. */
  List<Path> secretPaths() {
    return List.of(root);
  }

  /** A stored session id to aim at (a fresh UUID before the first conversation exists). */
  String known(long seed) {
    return knownIds.isEmpty() ? "0b5e7c2a-1d3f-4e6a-9b8c-7d6e5f4a3b2c" : knownIds.get((int) Math.floorMod(seed, knownIds.size()));
  }

  void count(Attack a, Answer r) {
    requests.incrementAndGet();
    kinds.merge(a.kind() + (a.event() != Attack.EventShape.WELL_FORMED ? "/" + a.event() : "")
        + (a.length() != Attack.Length.CORRECT ? "/" + a.length() : ""), 1, Integer::sum);
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
   * {@link ConversationCodec} (no temp files left, nothing written elsewhere), and the persona and
   * site are byte-for-byte unchanged.
   */
  void assertStoreIntact() throws IOException {
    Path conversations = memory.resolve("conversations");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
    }
    int stored = 0;
    for (Path f : files) {
      if (f.startsWith(persona) || f.startsWith(site) || f.equals(root.resolve("outside.txt"))) {
        continue;
      }
      assertThat(f.getParent()).as("file outside conversations/: %s", root.relativize(f)).isEqualTo(conversations);
      String name = f.getFileName().toString();
      assertThat(name).as("stored file name").matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.json");
      SessionId id = new SessionId(name.substring(0, name.length() - 5));
      byte[] bytes = Files.readAllBytes(f);
      try {
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)); // strict: other readers (Python, S3 tools) need UTF-8
      } catch (CharacterCodingException e) {
        throw new AssertionError(name + " is not valid UTF-8", e);
      }
      Conversation c = ConversationCodec.decode(bytes, id);
      assertThat(c.messages()).as("messages of %s", name).isNotEmpty();
      assertThat(c.messages().size() % 2).as("whole turns in %s", name).isZero();
      stored++;
    }
    assertThat(stored).as("stored conversations").isGreaterThanOrEqualTo(knownIds.size()).isPositive();
    Map<String, byte[]> personaAfter = new TreeMap<>();
    Map<String, byte[]> siteAfter = new TreeMap<>();
    snapshot(persona, personaAfter);
    snapshot(site, siteAfter);
    assertThat(personaAfter.keySet()).isEqualTo(personaBefore.keySet());
    personaBefore.forEach((k, v) -> assertThat(personaAfter.get(k)).as("persona file %s", k).isEqualTo(v));
    assertThat(siteAfter.keySet()).isEqualTo(siteBefore.keySet());
    assertThat(Files.readString(root.resolve("outside.txt"))).isEqualTo("outside the site");
  }

  private static void snapshot(Path dir, Map<String, byte[]> into) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        into.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
  }

  String summary(String front, long millis) {
    return front + ": " + requests + " generated requests (" + validTurns + " valid turns, " + knownIds.size()
        + " conversations, " + httpLayerRefusals + " refused by the HTTP layer or dropped) in " + millis + " ms; kinds " + kinds
        + (refusals.isEmpty() ? "" : "\n  refusals, e.g.:\n    " + String.join("\n    ", refusals));
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
