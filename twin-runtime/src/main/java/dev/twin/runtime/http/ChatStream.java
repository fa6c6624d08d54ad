package dev.twin.runtime.http;

import dev.twin.runtime.chat.ChatOutcome;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.limit.ChatRateLimit;
import dev.twin.runtime.observe.RequestRecord;
import dev.twin.runtime.observe.Telemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The route {@code POST /chat/stream}: the same input checks and JSON errors as {@code /chat}, then
 * Server-Sent Events {@code delta}, and finally {@code done}, {@code withheld} or {@code error}
 * (docs/streaming.md). The status line waits for the first event, so anything that fails before the
 * first piece of the reply (bad input, rate limit, a model refused before answering) gets exactly
 * the JSON error {@code /chat} gives.
 */
final class ChatStream {

    private final Routes routes;
    private final ChatService chat;
    private final Telemetry telemetry;
    private final ChatRateLimit rateLimit;

    ChatStream(Routes routes, ChatService chat, Telemetry telemetry, ChatRateLimit rateLimit) {
        this.routes = routes;
        this.chat = chat;
        this.telemetry = telemetry;
        this.rateLimit = rateLimit;
    }

    void serve(HttpRequest request, ResponseSink sink) {
        long start = System.nanoTime();
        Events events = new Events(sink, request.requestId());
        String method = request.method().toUpperCase(Locale.ROOT);
        Routes.Outcome outcome;
        try {
            if (method.equals("OPTIONS")) {
                outcome = Routes.options(Routes.ROUTE_CHAT_STREAM);
            } else if (!method.equals("POST")) {
                outcome = Routes.notAllowed(method, "POST");
            } else {
                outcome = turn(request, events);
            }
        } catch (RuntimeException e) {
            outcome = Routes.failure(e, request.requestId());
        }
        if (outcome.errorCode() != null && events.started) {
            // the stream is open: the failure becomes its last event (nothing of the turn is
            // stored)
            events.send("error", outcome.response().body());
        } else if (!events.started) {
            events.whole(outcome.response());
        }
        telemetry.request(
                new RequestRecord(
                        request.requestId(),
                        request.method(),
                        Routes.ROUTE_CHAT_STREAM,
                        events.status,
                        (System.nanoTime() - start) / 1_000_000,
                        outcome.modelLatencyMs(),
                        outcome.inputTokens(),
                        outcome.outputTokens(),
                        outcome.errorCode()));
    }

    private Routes.Outcome turn(HttpRequest request, Events events) {
        Routes.Admission admitted = routes.admit(request);
        if (admitted.refused() != null) {
            return admitted.refused();
        }
        // chosen here when the visitor sent none, so that done can name it for a later Retry
        String turnId =
                admitted.body().turnId() != null
                        ? admitted.body().turnId()
                        : UUID.randomUUID().toString();
        ChatOutcome out =
                chat.chat(admitted.sessionId(), admitted.body().message(), turnId, events::delta);
        if (admitted.sessionId() == null) {
            rateLimit.started(out.sessionId());
        }
        String reply = out.reply().text();
        String session = out.sessionId().value();
        // the guard replaced the reply: the page swaps what it showed for what is stored
        String last = events.shown.toString().equals(reply) ? "done" : "withheld";
        events.send(last, json("response", reply, session, turnId));
        return new Routes.Outcome(
                null,
                null,
                out.modelLatencyMs(),
                out.reply().inputTokens(),
                out.reply().outputTokens());
    }

    private static byte[] json(String field, String text, String sessionId, String turnId) {
        return Json.write(
                96 + text.length(),
                g -> {
                    g.writeStartObject();
                    g.writeStringField(field, text);
                    if (sessionId != null) {
                        g.writeStringField("session_id", sessionId);
                        g.writeStringField("turn_id", turnId);
                    }
                    g.writeEndObject();
                });
    }

    /**
     * The event stream of one request: opened by the first event; a client that went away makes
     * later writes no-ops (the turn goes on and is stored, so a reload shows it).
     */
    private static final class Events {
        private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

        private final ResponseSink sink;
        private final String requestId;
        private final StringBuilder shown = new StringBuilder();
        private boolean started;
        private boolean gone;
        private int status = 200;

        Events(ResponseSink sink, String requestId) {
            this.sink = sink;
            this.requestId = requestId;
        }

        void delta(String text) {
            shown.append(text);
            send("delta", json("text", text, null, null));
        }

        void send(String event, byte[] data) {
            if (gone) {
                return;
            }
            try {
                if (!started) {
                    started = true;
                    Map<String, String> h = new LinkedHashMap<>();
                    h.put("content-type", "text/event-stream; charset=utf-8");
                    h.put("cache-control", "no-store");
                    h.put("x-content-type-options", "nosniff");
                    h.put("x-request-id", requestId);
                    sink.start(200, h);
                }
                byte[] name = event.getBytes(StandardCharsets.US_ASCII);
                byte[] frame =
                        new byte
                                [EVENT.length
                                        + name.length
                                        + DATA.length
                                        + data.length
                                        + END.length];
                int at = 0;
                for (byte[] part : new byte[][] {EVENT, name, DATA, data, END}) {
                    System.arraycopy(part, 0, frame, at, part.length);
                    at += part.length;
                }
                sink.write(frame);
            } catch (IOException e) {
                gone = true;
            }
        }

        /** A whole, non-streamed answer (an error before the first event, a preflight). */
        void whole(HttpResponse response) {
            started = true;
            status = response.status();
            HttpResponse r = response.withHeader("x-request-id", requestId);
            try {
                sink.start(r.status(), r.headers());
                if (r.body().length > 0) {
                    sink.write(r.body());
                }
            } catch (IOException e) {
                gone = true;
            }
        }
    }
}
