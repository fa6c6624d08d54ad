package dev.twin.runtime;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.adapter.bedrock.BedrockChatModel;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.ConsoleOwnerNotifier;
import dev.twin.runtime.adapter.local.LocalBudgetStore;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.local.LocalLeadStore;
import dev.twin.runtime.adapter.local.LocalPersonaSource;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.adapter.openai.ApiKeySource;
import dev.twin.runtime.adapter.openai.OpenAiChatModel;
import dev.twin.runtime.adapter.openai.SecretsManagerApiKeySource;
import dev.twin.runtime.adapter.s3.S3BudgetStore;
import dev.twin.runtime.adapter.s3.S3Clients;
import dev.twin.runtime.adapter.s3.S3ConversationStore;
import dev.twin.runtime.adapter.s3.S3LeadStore;
import dev.twin.runtime.adapter.s3.S3PersonaSource;
import dev.twin.runtime.adapter.secrets.SecretsManagerOriginSecret;
import dev.twin.runtime.adapter.sns.SnsOwnerNotifier;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.http.OriginLock;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.limit.BudgetedChatModel;
import dev.twin.runtime.limit.ChatRateLimit;
import dev.twin.runtime.limit.DailyBudget;
import dev.twin.runtime.limit.ModelBudget;
import dev.twin.runtime.limit.SharedDailyBudget;
import dev.twin.runtime.observe.OwnerMetrics;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.owner.BoundedOwnerNotifier;
import dev.twin.runtime.owner.HourlyLimit;
import dev.twin.runtime.owner.OwnerDesk;
import dev.twin.runtime.port.BudgetStore;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.LeadStore;
import dev.twin.runtime.port.OwnerNotifier;
import dev.twin.runtime.port.PersonaSource;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Picks the adapters from the environment ({@link RuntimeEnv} names) and assembles the route table.
 * Built once per process (a static field of the Lambda handler, or the dev server's main).
 *
 * <pre>
 * store:   TWIN_MEMORY_BUCKET set -> S3          else -> local directory TWIN_MEMORY_DIR
 * persona: TWIN_PERSONA_DIR set   -> local dir   else TWIN_MEMORY_BUCKET set -> S3 prefix
 *                                                else -> bundled fictional sample persona
 * model:   TWIN_MODEL_PROVIDER = offline (default) | bedrock | openai
 * limits:  TWIN_RATE_LIMIT_* (per address, per conversation) and TWIN_DAILY_MODEL_* (docs/cost-guard.md)
 * budget:  shared by every process through the store: budget/{day}.json in the bucket or directory
 * </pre>
 *
 * <p>Programmatic use (tests of other modules): {@link #of(ChatModel, ConversationStore,
 * PersonaSource, Settings, Telemetry)} wires given adapters; {@link #fromEnvironment(Map)} reads
 * them from an environment map.
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
    private final ModelBudget budget;
    private final BudgetStore budgetStore;
    private OriginLock originLock = OriginLock.off();
    private final OwnerDesk desk;

    private Wiring(
            Settings settings,
            String twinName,
            ChatModel model,
            ConversationStore store,
            PersonaSource persona,
            boolean samplePersona,
            Telemetry telemetry,
            BudgetStore budgetStore,
            OwnerDesk desk) {
        this.desk = desk;
        this.settings = settings;
        this.twinName = twinName;
        this.model = model;
        this.store = store;
        this.persona = persona;
        this.samplePersona = samplePersona;
        this.budgetStore = budgetStore;
        boolean capped = settings.dailyModelCalls() > 0 || settings.dailyModelTokens() > 0;
        // shared through the store when there is one; per process only for hand-wired adapters
        this.budget =
                !capped
                        ? null
                        : budgetStore != null
                                ? new SharedDailyBudget(
                                        budgetStore,
                                        settings.dailyModelCalls(),
                                        settings.dailyModelTokens(),
                                        settings.dailyBudgetLease(),
                                        Clock.systemUTC())
                                : new DailyBudget(
                                        settings.dailyModelCalls(),
                                        settings.dailyModelTokens(),
                                        Clock.systemUTC());
        ChatModel spending = budget != null ? new BudgetedChatModel(model, budget) : model;
        this.chat =
                new ChatService(
                        spending,
                        store,
                        persona,
                        settings.chatSettings(twinName),
                        Clock.systemUTC(),
                        desk);
        this.routes =
                new Routes(
                        chat,
                        telemetry,
                        ChatRateLimit.of(
                                settings.rateLimitIpPerMinute(),
                                settings.rateLimitIpBurst(),
                                settings.rateLimitSessionPerMinute(),
                                settings.rateLimitSessionBurst(),
                                settings.rateLimitMaxClients(),
                                Clock.systemUTC()));
    }

    /** Wires the adapters the environment names, logging requests to stdout. */
    public static Wiring fromEnvironment(Map<String, String> env) {
        Settings settings = Settings.from(env);
        boolean sample = settings.personaDir() == null && settings.memoryBucket() == null;
        // the sample persona has a name; a real twin without TWIN_NAME is just "the twin"
        String name =
                settings.twinName() != null ? settings.twinName() : sample ? "Ada Quill" : "Twin";
        PersonaSource persona = persona(settings, sample);
        ConversationStore store = store(settings);
        ChatModel model = model(settings, persona, name);
        // The stack-safe twin name the constructs set (their alarms watch that dimension value).
        String metricsName = settings.get(RuntimeEnv.METRICS_NAME);
        Wiring w =
                new Wiring(
                        settings,
                        name,
                        model,
                        store,
                        persona,
                        sample,
                        // EMF JSON is for CloudWatch; a local run prints lines people can read
                        env.containsKey("AWS_LAMBDA_FUNCTION_NAME")
                                ? Telemetry.stdout(metricsName != null ? metricsName : name)
                                : Telemetry.readable(name),
                        budgetStore(settings),
                        ownerDesk(settings, name));
        if (w.budget instanceof SharedDailyBudget shared) {
            // a clean stop (Ctrl-C on twin:run) gives the unused calls of its lease back
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "budget-release"));
        }
        if (settings.get(RuntimeEnv.ORIGIN_SECRET_ARN) != null) {
            // read by the Lambda fronts only (load() at init, again after a SnapStart restore)
            w.originLock =
                    OriginLock.of(
                            new SecretsManagerOriginSecret(
                                    () -> SecretsManagerApiKeySource.client(null, null),
                                    settings.get(RuntimeEnv.ORIGIN_SECRET_ARN)),
                            Clock.systemUTC());
        }
        return w;
    }

    /**
     * Wires the given adapters with {@code settings} (limits, name; the adapter-choosing settings
     * are ignored). For tests and embedding: e.g. a flaky model wrapped around the offline one.
     */
    public static Wiring of(
            ChatModel model,
            ConversationStore store,
            PersonaSource persona,
            Settings settings,
            Telemetry telemetry) {
        return given(model, store, persona, settings, telemetry, null, null);
    }

    /**
     * As {@link #of(ChatModel, ConversationStore, PersonaSource, Settings, Telemetry)}, with the
     * daily budget shared through {@code budgetStore} (several processes, one counter).
     */
    public static Wiring of(
            ChatModel model,
            ConversationStore store,
            PersonaSource persona,
            Settings settings,
            Telemetry telemetry,
            BudgetStore budgetStore) {
        return given(
                model,
                store,
                persona,
                settings,
                telemetry,
                Objects.requireNonNull(budgetStore, "budgetStore"),
                null);
    }

    /**
     * As {@link #of(ChatModel, ConversationStore, PersonaSource, Settings, Telemetry)}, offering
     * the model the owner's tools ({@code desk}) on every turn.
     */
    public static Wiring of(
            ChatModel model,
            ConversationStore store,
            PersonaSource persona,
            Settings settings,
            Telemetry telemetry,
            OwnerDesk desk) {
        return given(
                model,
                store,
                persona,
                settings,
                telemetry,
                null,
                Objects.requireNonNull(desk, "desk"));
    }

    private static Wiring given(
            ChatModel model,
            ConversationStore store,
            PersonaSource persona,
            Settings settings,
            Telemetry telemetry,
            BudgetStore budgetStore,
            OwnerDesk desk) {
        String name = settings.twinName() != null ? settings.twinName() : "Twin";
        return new Wiring(
                settings,
                name,
                Objects.requireNonNull(model, "model"),
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(persona, "persona"),
                false,
                Objects.requireNonNull(telemetry, "telemetry"),
                budgetStore,
                desk);
    }

    /**
     * The owner's tools: records next to the conversations (bucket or memory directory); notices to
     * the owner's topic when {@code TWIN_OWNER_TOPIC_ARN} is set, else printed (a local run).
     */
    private static OwnerDesk ownerDesk(Settings s, String name) {
        LeadStore leads =
                s.memoryBucket() != null
                        ? new S3LeadStore(S3Clients.shared(), s.memoryBucket())
                        : new LocalLeadStore(s.memoryDir());
        String topic = s.get(RuntimeEnv.OWNER_TOPIC_ARN);
        if (topic != null && !topic.startsWith("arn:")) {
            throw new InvalidSettingException(
                    RuntimeEnv.OWNER_TOPIC_ARN,
                    topic,
                    "use the owner topic's ARN (stack output OwnerTopicArn), or leave it unset");
        }
        OwnerNotifier notices =
                topic != null
                        ? new SnsOwnerNotifier(SnsOwnerNotifier.client(null, null), topic, name)
                        : new ConsoleOwnerNotifier(System.err);
        int perHour = ownerNotifyPerHour(s);
        return new OwnerDesk(
                leads,
                new BoundedOwnerNotifier(
                        notices,
                        new HourlyLimit(perHour, Clock.systemUTC()),
                        OwnerMetrics.stdout(name)),
                Clock.systemUTC());
    }

    /** Default owner notifications per hour: enough for a busy day, too few to flood an inbox. */
    public static final int DEFAULT_OWNER_NOTIFY_PER_HOUR = 20;

    static int ownerNotifyPerHour(Settings s) {
        String v = s.get(RuntimeEnv.OWNER_NOTIFY_PER_HOUR);
        if (v == null) {
            return DEFAULT_OWNER_NOTIFY_PER_HOUR;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the fix
        }
        throw new InvalidSettingException(
                RuntimeEnv.OWNER_NOTIFY_PER_HOUR,
                v,
                "use a whole number from 0 (send none) to 10000");
    }

    /** The owner's tools, or {@code null} when this wiring offers none. */
    public OwnerDesk ownerDesk() {
        return desk;
    }

    /**
     * The shared budget's store: the bucket, or a memory directory the environment names. The
     * default scratch directory under the temp directory is shared by every run on the machine
     * (tests, benches), so there the budget stays per process.
     */
    private static BudgetStore budgetStore(Settings s) {
        s.dailyBudgetLease(); // a bad value fails at startup, not at the first lease
        if (s.memoryBucket() != null) {
            return new S3BudgetStore(S3Clients.shared(), s.memoryBucket());
        }
        if (s.get(RuntimeEnv.MEMORY_DIR) != null) {
            return new LocalBudgetStore(s.memoryDir());
        }
        return null;
    }

    private static PersonaSource persona(Settings s, boolean sample) {
        if (s.personaDir() != null) {
            return new LocalPersonaSource(s.personaDir(), s.personaRevalidate(), Clock.systemUTC());
        }
        if (s.memoryBucket() != null) {
            return new S3PersonaSource(
                    S3Clients.shared(),
                    s.memoryBucket(),
                    s.personaPrefix(),
                    s.personaRevalidate(),
                    Clock.systemUTC());
        }
        return new BundledPersonaSource();
    }

    private static ConversationStore store(Settings s) {
        if (s.memoryBucket() != null) {
            return new S3ConversationStore(S3Clients.shared(), s.memoryBucket());
        }
        return new LocalConversationStore(s.memoryDir());
    }

    private static ChatModel model(Settings s, PersonaSource persona, String name) {
        switch (ModelProvider.find(s.modelProvider()).orElse(ModelProvider.OFFLINE)) {
            case BEDROCK:
                String modelId =
                        bedrockModelId(s); // before building the client: a typo fails first
                return new BedrockChatModel(BedrockChatModel.client(), modelId);
            case OPENAI:
                return openAi(s);
            default:
                return new OfflineChatModel(persona, name);
        }
    }

    private static final String BEDROCK_ID_FIX =
            "use a Bedrock model id such as amazon.nova-lite-v1:0 or an inference profile id such as us.amazon.nova-lite-v1:0";

    private static String bedrockModelId(Settings s) {
        try {
            return BedrockChatModel.requireModelId(s.modelId());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(
                    RuntimeEnv.MODEL_ID,
                    s.modelId() == null ? "(unset)" : s.modelId(),
                    BEDROCK_ID_FIX);
        }
    }

    private static ChatModel openAi(Settings s) {
        String base =
                s.get(RuntimeEnv.OPENAI_BASE_URL) != null
                        ? s.get(RuntimeEnv.OPENAI_BASE_URL)
                        : OpenAiChatModel.DEFAULT_BASE_URL;
        boolean loopback;
        try {
            loopback = OpenAiChatModel.isLoopback(base);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(
                    RuntimeEnv.OPENAI_BASE_URL,
                    base,
                    "use the API base such as "
                            + OpenAiChatModel.DEFAULT_BASE_URL
                            + ", https://openrouter.ai/api/v1 or http://127.0.0.1:11434/v1 (Ollama)");
        }
        if (s.modelId() == null) {
            throw new InvalidSettingException(
                    RuntimeEnv.MODEL_ID,
                    "(unset)",
                    "use the endpoint's model name, e.g. gpt-4o-mini (OpenAI), openai/gpt-4o-mini (OpenRouter), llama3.2 (Ollama)");
        }
        ApiKeySource keys;
        if (s.get(RuntimeEnv.API_KEY_SECRET_ARN) != null) {
            keys =
                    new SecretsManagerApiKeySource(
                            SecretsManagerApiKeySource.client(null, null),
                            s.get(RuntimeEnv.API_KEY_SECRET_ARN));
        } else if (s.get(RuntimeEnv.API_KEY) != null) {
            keys = ApiKeySource.fixed(s.get(RuntimeEnv.API_KEY));
        } else if (loopback) {
            keys = ApiKeySource.none(); // a local Ollama needs no key
        } else {
            throw new InvalidSettingException(
                    RuntimeEnv.API_KEY_SECRET_ARN,
                    "(unset)",
                    "set it to the secret holding the API key"
                            + " (mvn twin:set-api-key), or set TWIN_API_KEY for a local run; only a loopback endpoint may go without");
        }
        return new OpenAiChatModel(base, s.modelId(), keys);
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

    /** The model as configured (without the daily budget in front of it). */
    public ChatModel model() {
        return model;
    }

    /** Today's model budget, or {@code null} when both daily caps are off. */
    public ModelBudget budget() {
        return budget;
    }

    /**
     * The origin lock the Lambda fronts apply ({@link OriginLock#off()} without {@code
     * TWIN_ORIGIN_SECRET_ARN}; the dev server never applies it).
     */
    public OriginLock originLock() {
        return originLock;
    }

    /** Where the shared daily budget is counted, or {@code null} for a per-process budget. */
    public BudgetStore budgetStore() {
        return budgetStore;
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
