package dev.twin.runtime;

import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.local.LocalPersonaSource;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.PersonaSource;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Picks the adapters from the environment ({@link Env} names) and assembles the route table.
 * Built once per process (a static field of the Lambda handler, or the dev server's main).
 *
 * <pre>
 * store:   TWIN_MEMORY_BUCKET set -> S3          else -> local directory TWIN_MEMORY_DIR
 * persona: TWIN_PERSONA_DIR set   -> local dir   else TWIN_MEMORY_BUCKET set -> S3 prefix
 *                                                else -> bundled fictional sample persona
 * model:   TWIN_MODEL_PROVIDER = offline (default) | bedrock | openai
 * </pre>
 *
 * <p>Programmatic use (tests of other modules): {@link #of(ChatModel, ConversationStore,
 * PersonaSource, Settings, Telemetry)} wires given adapters; {@link #fromEnvironment(Map)} reads them
 * from an environment map.
 */
public final class Wiring {

  private final Settings settings;
  private final String twinName;
  private final ChatModel model;
  private final ConversationStore store;
  private final PersonaSource persona;
  private final boolean samplePersona;
  private final ChatService chat;
  private final Routes routes;

  private Wiring(Settings settings, String twinName, ChatModel model, ConversationStore store, PersonaSource persona,
      boolean samplePersona, Telemetry telemetry) {
    this.settings = settings;
    this.twinName = twinName;
    this.model = model;
    this.store = store;
    this.persona = persona;
    this.samplePersona = samplePersona;
    this.chat = new ChatService(model, store, persona, settings.chatSettings(twinName), Clock.systemUTC());
    this.routes = new Routes(chat, telemetry);
  }

  /** Wires the adapters the environment names, logging requests to stdout. */
  public static Wiring fromEnvironment(Map<String, String> env) {
    Settings settings = Settings.from(env);
    boolean sample = settings.personaDir() == null && settings.memoryBucket() == null;
    // the sample persona has a name; a real twin without TWIN_NAME is just "the twin"
    String name = settings.twinName() != null ? settings.twinName() : sample ? "Ada Quill" : "Twin";
    PersonaSource persona = persona(settings, sample);
    ConversationStore store = store(settings);
    ChatModel model = model(settings, persona, name);
    return new Wiring(settings, name, model, store, persona, sample, Telemetry.stdout(name));
  }

  /**
   * Wires the given adapters with {@code settings} (limits, name; the adapter-choosing settings
   * are ignored). For tests and embedding: e.g. a flaky model wrapped around the offline one.
   */
  public static Wiring of(ChatModel model, ConversationStore store, PersonaSource persona, Settings settings,
      Telemetry telemetry) {
    String name = settings.twinName() != null ? settings.twinName() : "Twin";
    return new Wiring(settings, name, Objects.requireNonNull(model, "model"), Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(persona, "persona"), false, Objects.requireNonNull(telemetry, "telemetry"));
  }

  private static PersonaSource persona(Settings s, boolean sample) {
    if (s.personaDir() != null) {
      return new LocalPersonaSource(s.personaDir(), s.personaRevalidate(), Clock.systemUTC());
    }
    if (s.memoryBucket() != null) {
      // ===== RAWS: S3 persona source goes here =====
      // return new S3PersonaSource(S3Clients.shared(), s.memoryBucket(), s.personaPrefix(), s.personaRevalidate(), Clock.systemUTC());
      throw notBuiltYet(Env.MEMORY_BUCKET, "the S3 persona source");
    }
    return new BundledPersonaSource();
  }

  private static ConversationStore store(Settings s) {
    if (s.memoryBucket() != null) {
      // ===== RAWS: S3 conversation store goes here =====
      // return new S3ConversationStore(S3Clients.shared(), s.memoryBucket());
      throw notBuiltYet(Env.MEMORY_BUCKET, "the S3 conversation store");
    }
    return new LocalConversationStore(s.memoryDir());
  }

  private static ChatModel model(Settings s, PersonaSource persona, String name) {
    switch (s.modelProvider()) {
      case Settings.BEDROCK:
        // ===== RAWS: Bedrock Converse model goes here (TWIN_MODEL_ID) =====
        throw notBuiltYet(Env.MODEL_PROVIDER, "the bedrock model");
      case Settings.OPENAI:
        // ===== RAWS: OpenAI-compatible model goes here (TWIN_OPENAI_BASE_URL, TWIN_MODEL_ID,
        // TWIN_API_KEY_SECRET_ARN or locally TWIN_API_KEY) =====
        throw notBuiltYet(Env.MODEL_PROVIDER, "the openai model");
      default:
        return new OfflineChatModel(persona, name);
    }
  }

  private static InvalidSettingException notBuiltYet(String name, String what) {
    return new InvalidSettingException(name, "(set)", what + " is not part of this build yet; unset it to run locally");
  }

  public Routes routes() {
    return routes;
  }

  public ChatService chat() {
    return chat;
  }

  public Settings settings() {
    return settings;
  }

  public String twinName() {
    return twinName;
  }

  public ChatModel model() {
    return model;
  }

  public ConversationStore store() {
    return store;
  }

  public PersonaSource persona() {
    return persona;
  }

  /** Whether the bundled fictional sample persona is in use (the startup banner says so). */
  public boolean usesSamplePersona() {
    return samplePersona;
  }
}
