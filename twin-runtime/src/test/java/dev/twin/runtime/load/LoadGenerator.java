package dev.twin.runtime.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Load generator: {@code sessions} visitors at once, each sending its {@code turns} questions one
 * after the other ({@code POST /api/chat}, waiting for each answer, as a visitor does), then a
 * check of every stored conversation ({@code GET /api/conversation/{id}}): every acknowledged turn
 * is there, once, in order, with the exact question sent and the exact answer received.
 *
 * <p>One platform thread per visitor, blocking on the JDK {@link HttpClient} (HTTP/1.1,
 * keep-alive), so a visitor holds one connection and never has two requests in flight.
 */
final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Questions about the bundled sample persona, so the offline model searches its notes for real
     * answers.
     */
    private static final List<String> QUESTIONS =
            List.of(
                    "What do you work on these days?",
                    "Where did you study, and what?",
                    "What do you enjoy outside work?",
                    "Which project are you proudest of — and why?",
                    "How do you like to collaborate with a team?",
                    "What tools do you use every day?",
                    "Tell me about \"your\" background, please.",
                    "Où habites-tu ? Any favourite café nearby? ✓");

    private static final int MAX_REPORTED = 20;

    /** The figures and findings of one run. */
    record Result(
            int sessions,
            int turnsPerSession,
            long[] sortedLatencyNs,
            long wallNs,
            int errors,
            int lostTurns,
            List<String> problems) {

        Result {
            sortedLatencyNs = sortedLatencyNs.clone();
            Arrays.sort(sortedLatencyNs);
            problems = List.copyOf(problems);
        }

        /** Turns answered with a 200 and the chat JSON shape. */
        int answered() {
            return sortedLatencyNs.length;
        }

        /**
         * Zero errors, zero lost turns, and no conversation out of order, duplicated or different
         * from what was sent.
         */
        boolean passed() {
            return errors == 0
                    && lostTurns == 0
                    && problems.isEmpty()
                    && answered() == sessions * turnsPerSession;
        }

        double seconds() {
            return wallNs / 1e9;
        }

        double turnsPerSecond() {
            return answered() / seconds();
        }

        /** Nearest-rank percentile in milliseconds. */
        double percentileMs(double p) {
            if (sortedLatencyNs.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sortedLatencyNs.length) - 1;
            return sortedLatencyNs[Math.max(0, Math.min(sortedLatencyNs.length - 1, i))] / 1e6;
        }

        double maxMs() {
            return percentileMs(100);
        }
    }

    private final URI base;
    private final HttpClient http;

    /**
     * @param base the server's base URL, e.g. {@code http://127.0.0.1:54321/}
     */
    LoadGenerator(URI base) {
        this.base = base;
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
    }

    /**
     * Runs {@code sessions} visitors of {@code turns} turns each, all starting together, then
     * checks the stored conversations. {@code tag} goes into every question, so runs never share a
     * text.
     */
    Result run(int sessions, int turns, String tag) throws InterruptedException {
        if (sessions < 1 || turns < 1) {
            throw new IllegalArgumentException(
                    "sessions and turns must be at least 1, got " + sessions + " x " + turns);
        }
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<Visitor> visitors = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            visitors.add(new Visitor(i, turns, tag, errors, problems));
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        sessions,
                        r -> {
                            Thread t = new Thread(r, "visitor");
                            t.setDaemon(true);
                            return t;
                        });
        CountDownLatch ready = new CountDownLatch(sessions);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (Visitor v : visitors) {
            running.add(
                    pool.submit(
                            () -> {
                                ready.countDown();
                                go.await();
                                v.visit();
                                return null;
                            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                errors.incrementAndGet();
                report(problems, "a visitor crashed: " + e.getCause());
            }
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();

        int lost = 0;
        List<Long> latencies = new ArrayList<>();
        for (Visitor v : visitors) {
            latencies.addAll(v.latencies);
            lost += verify(v, problems);
        }
        return new Result(
                sessions,
                turns,
                latencies.stream().mapToLong(Long::longValue).toArray(),
                wall,
                errors.get(),
                lost,
                new ArrayList<>(problems));
    }

    /** One visitor: asks its questions in order, remembering what it sent and what it was told. */
    private final class Visitor {
        final int index;
        final int turns;
        final String tag;
        final AtomicInteger errors;
        final Queue<String> problems;
        final List<String> questions = new ArrayList<>();
        final List<String> answers = new ArrayList<>();
        final List<Long> latencies = new ArrayList<>();
        String sessionId;

        Visitor(int index, int turns, String tag, AtomicInteger errors, Queue<String> problems) {
            this.index = index;
            this.turns = turns;
            this.tag = tag;
            this.errors = errors;
            this.problems = problems;
        }

        void visit() throws InterruptedException {
            for (int t = 0; t < turns; t++) {
                String question =
                        String.format(
                                Locale.ROOT,
                                "%s (%s, visitor %d, turn %d)",
                                QUESTIONS.get((index + t) % QUESTIONS.size()),
                                tag,
                                index,
                                t + 1);
                String where = tag + " visitor " + index + " turn " + (t + 1);
                if (t > 0 && sessionId == null) {
                    // the first turn failed: without an id there is no conversation to continue
                    errors.incrementAndGet();
                    report(problems, where + ": not sent, the first turn gave no session_id");
                    continue;
                }
                ObjectNode body = JSON.createObjectNode().put("message", question);
                if (sessionId != null) {
                    body.put("session_id", sessionId);
                }
                HttpResponse<String> r;
                long start = System.nanoTime();
                try {
                    r =
                            http.send(
                                    HttpRequest.newBuilder(base.resolve("api/chat"))
                                            .timeout(REQUEST_TIMEOUT)
                                            .header("Content-Type", "application/json")
                                            .POST(
                                                    HttpRequest.BodyPublishers.ofByteArray(
                                                            JSON.writeValueAsBytes(body)))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    errors.incrementAndGet();
                    report(problems, where + ": " + e);
                    continue;
                }
                long ns = System.nanoTime() - start;
                String answer = chatAnswer(r, where);
                if (answer == null) {
                    errors.incrementAndGet();
                    continue;
                }
                questions.add(question);
                answers.add(answer);
                latencies.add(ns);
            }
        }

        /**
         * The answer text, or {@code null} (reported) when the response is not a 200 with the chat
         * shape.
         */
        private String chatAnswer(HttpResponse<String> r, String where) {
            String type = r.headers().firstValue("content-type").orElse("");
            if (r.statusCode() != 200 || !type.startsWith("application/json")) {
                report(
                        problems,
                        where + ": " + r.statusCode() + " " + type + " " + shorten(r.body()));
                return null;
            }
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException e) {
                report(problems, where + ": not JSON: " + shorten(r.body()));
                return null;
            }
            JsonNode response = json.get("response");
            JsonNode id = json.get("session_id");
            if (response == null
                    || !response.isTextual()
                    || response.asText().isBlank()
                    || id == null
                    || !id.isTextual()
                    || !UUID.matcher(id.asText()).matches()) {
                report(
                        problems,
                        where
                                + ": not the chat shape {response, session_id}: "
                                + shorten(r.body()));
                return null;
            }
            if (sessionId == null) {
                sessionId = id.asText();
            } else if (!sessionId.equals(id.asText())) {
                report(
                        problems,
                        where
                                + ": answered for session "
                                + id.asText()
                                + " instead of "
                                + sessionId);
                return null;
            }
            return response.asText();
        }
    }

    /**
     * Compares the stored conversation with what the visitor sent and received; returns the number
     * of acknowledged turns missing from it, and reports duplicates, strangers and disorder as
     * problems.
     */
    private int verify(Visitor v, Queue<String> problems) throws InterruptedException {
        if (v.sessionId == null) {
            return 0; // nothing was acknowledged, so nothing can be lost (the errors are already
            // counted)
        }
        String where = v.tag + " visitor " + v.index + " (" + v.sessionId + ")";
        JsonNode messages;
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(base.resolve("api/conversation/" + v.sessionId))
                                    .timeout(REQUEST_TIMEOUT)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                report(
                        problems,
                        where
                                + ": GET conversation answered "
                                + r.statusCode()
                                + " "
                                + shorten(r.body()));
                return v.questions.size();
            }
            JsonNode json = JSON.readTree(r.body());
            messages = json.get("messages");
            if (messages == null
                    || !messages.isArray()
                    || !v.sessionId.equals(json.path("session_id").asText())) {
                report(problems, where + ": not the conversation shape: " + shorten(r.body()));
                return v.questions.size();
            }
        } catch (IOException e) {
            report(problems, where + ": GET conversation failed: " + e);
            return v.questions.size();
        }

        Map<String, Integer> storedQuestions = new HashMap<>();
        for (JsonNode m : messages) {
            if (m.path("role").asText().equals("user")) {
                storedQuestions.merge(m.path("content").asText(), 1, Integer::sum);
            }
        }
        int lost = 0;
        for (String q : v.questions) {
            if (!storedQuestions.containsKey(q)) {
                lost++;
            }
        }
        if (lost > 0) {
            report(
                    problems,
                    where
                            + ": "
                            + lost
                            + " of "
                            + v.questions.size()
                            + " answered turns are not stored");
        }
        storedQuestions.forEach(
                (q, n) -> {
                    if (n > 1) {
                        report(
                                problems,
                                where + ": question stored " + n + " times: " + shorten(q));
                    }
                });
        int expected = 2 * v.questions.size();
        if (messages.size() != expected) {
            report(
                    problems,
                    where + ": " + messages.size() + " messages stored, expected " + expected);
        }
        Instant previous = Instant.MIN;
        for (int i = 0; i < Math.min(messages.size(), expected); i++) {
            JsonNode m = messages.get(i);
            boolean user = i % 2 == 0;
            String want = user ? v.questions.get(i / 2) : v.answers.get(i / 2);
            if (!m.path("role").asText().equals(user ? "user" : "assistant")
                    || !m.path("content").asText().equals(want)) {
                report(
                        problems,
                        where
                                + ": message "
                                + (i + 1)
                                + " is "
                                + m.path("role").asText()
                                + " "
                                + shorten(m.path("content").asText())
                                + ", expected "
                                + (user ? "user " : "assistant ")
                                + shorten(want));
                break;
            }
            Instant at;
            try {
                at = Instant.parse(m.path("timestamp").asText());
            } catch (DateTimeParseException e) {
                report(
                        problems,
                        where
                                + ": message "
                                + (i + 1)
                                + " has no ISO timestamp: "
                                + m.path("timestamp"));
                break;
            }
            if (at.isBefore(previous)) {
                report(
                        problems,
                        where + ": message " + (i + 1) + " is older than the one before it");
                break;
            }
            previous = at;
        }
        return lost;
    }

    private static void report(Queue<String> problems, String problem) {
        if (problems.size() < MAX_REPORTED) {
            problems.add(problem);
        } else if (problems.size() == MAX_REPORTED) {
            problems.add("(more problems not listed)");
        }
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 197) + "..." : one;
    }
}
