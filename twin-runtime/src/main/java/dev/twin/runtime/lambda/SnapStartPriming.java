package dev.twin.runtime.lambda;

import dev.twin.contract.ModelProvider;
import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.bedrock.BedrockChatModel;
import dev.twin.runtime.adapter.openai.ApiKeySource;
import dev.twin.runtime.adapter.openai.OpenAiChatModel;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.limit.BudgetDay;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.VersionConflictException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Primes a SnapStart snapshot with the code a visitor's first turn runs through the real adapters:
 * the persona read (S3 or a directory), a conversation lookup of an id no visitor has (a 404: no
 * visitor data read or written), today's budget record (read only), the origin-lock secret read
 * (then forgotten: it is re-read after restore), and the configured model adapter against a
 * loopback stand-in ({@link ModelStandIn}: no billable call). Then it loads the classes listed in
 * {@code twin-priming-classes.txt} (what a first turn loaded that the above did not, as recorded by
 * {@code bench/priming.sh}), the way Powertools' class-list priming does. The budget's write path
 * is primed with a conditional write that cannot match (the store refuses it; nothing is written).
 */
final class SnapStartPriming {

    /** The class list, one binary name a line. */
    static final String CLASS_LIST = "twin-priming-classes.txt";

    /** A conversation id no visitor can hold: the priming's own (its lookup is a 404). */
    private static final SessionId PRIMING_SESSION =
            SessionId.parse("00000000-0000-4000-8000-00000000d1ce");

    /** An ETag no object has: a conditional write with it is always refused. */
    private static final String NO_SUCH_VERSION = "\"00000000000000000000000000000000\"";

    private static final ModelRequest PRIMING_REQUEST =
            new ModelRequest(
                    "You are a priming stand-in.",
                    List.of(new Message(Role.USER, "hello", Instant.EPOCH)));

    private SnapStartPriming() {}

    /** Runs every step; a failing step is noted in the summary, never thrown. */
    static String primeAdapters(Wiring w) {
        StringBuilder done = new StringBuilder();
        step(done, "persona", () -> w.persona().current());
        step(done, "store", () -> w.store().find(PRIMING_SESSION));
        if (w.budgetStore() != null) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            step(done, "budget", () -> w.budgetStore().find(today));
            // the write path (a conditional PUT) without writing: a version that cannot match
            step(
                    done,
                    "budget-write",
                    () -> {
                        try {
                            w.budgetStore().put(BudgetDay.empty(today), NO_SUCH_VERSION);
                        } catch (VersionConflictException expected) {
                            // refused by the store, as intended: nothing was written
                        }
                    });
        }
        if (w.originLock().isOn()) {
            step(
                    done,
                    "origin-secret",
                    () -> {
                        w.originLock().reload();
                        w.originLock().forget(); // never in the snapshot; re-read after restore
                    });
        }
        step(done, "model", () -> primeModel(w.settings(), false));
        step(done, "model-stream", () -> primeModel(w.settings(), true));
        step(done, "classes", () -> done.append(loadClassList()).append(' '));
        return done.toString().strip();
    }

    /**
     * One buffered call or one stream (the page streams by default: the first visitor's turn takes
     * that path, the JDK HTTP client included).
     */
    private static void primeModel(Settings s, boolean stream) throws IOException {
        ModelProvider provider =
                ModelProvider.find(s.modelProvider()).orElse(ModelProvider.OFFLINE);
        if (provider != ModelProvider.BEDROCK && provider != ModelProvider.OPENAI) {
            return; // offline: primed by TwinHandler.prime
        }
        try (ModelStandIn standIn = ModelStandIn.start()) {
            ChatModel model =
                    provider == ModelProvider.BEDROCK
                            ? new BedrockChatModel(
                                    BedrockChatModel.client(
                                            standIn.uri(),
                                            StaticCredentialsProvider.create(
                                                    AwsBasicCredentials.create(
                                                            "priming", "priming-not-a-secret")),
                                            Duration.ofSeconds(5)),
                                    s.modelId())
                            : new OpenAiChatModel(
                                    standIn.uri() + "/v1", s.modelId(), ApiKeySource.none());
            ModelReply reply =
                    stream
                            ? model.stream(PRIMING_REQUEST, piece -> true)
                            : model.reply(PRIMING_REQUEST);
            if (!"ok".equals(reply.text())) {
                throw new IOException("the model stand-in's reply did not come through");
            }
        }
    }

    /**
     * Loads and initialises every listed class (SDK model classes build their field tables in
     * static initialisers); returns how many were found.
     */
    static int loadClassList() throws IOException {
        ClassLoader loader = SnapStartPriming.class.getClassLoader();
        InputStream list = loader.getResourceAsStream(CLASS_LIST);
        if (list == null) {
            return 0;
        }
        int loaded = 0;
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name, true, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class of another provider or JDK version: nothing to prime
                }
            }
        }
        return loaded;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(StringBuilder done, String name, Step step) {
        try {
            step.run();
            done.append(name).append(' ');
        } catch (Exception | LinkageError e) {
            done.append(name).append("(failed: ").append(e.getClass().getSimpleName()).append(") ");
        }
    }
}
