package dev.twin.runtime.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.hostile.Attack.EventShape;
import dev.twin.runtime.hostile.Attack.Header;
import dev.twin.runtime.hostile.Attack.Length;
import dev.twin.runtime.lambda.TwinHandler;
import dev.twin.runtime.local.DevServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nastiest hostile requests as named regression examples, each with the answer it must get from
 * the Lambda front and from the dev server ({@code "-"}: not applicable to that front; {@code "http
 * 400"}: the JDK HTTP server refuses the request before any twin code runs).
 */
class HostileCorpusTest {

    private static final String UNKNOWN = "6c1f0d9e-8b7a-4c3d-9e2f-1a0b9c8d7e6f";
    private static final String JSON_TYPE = "application/json";

    /** One named case: the request and the expected "status code" per front. */
    record Case(String name, Attack attack, String lambda, String server) {
        Case withMethod(String method) {
            Attack a = attack;
            return new Case(
                    name,
                    new Attack(
                            a.kind(),
                            false,
                            method,
                            a.path(),
                            a.headers(),
                            a.body(),
                            a.length(),
                            a.event()),
                    lambda,
                    server);
        }

        Case expect(String lambdaOutcome, String serverOutcome) {
            return new Case(name, attack, lambdaOutcome, serverOutcome);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        // hostile session ids
        c.add(
                chat(
                        "sessionId_pathTraversal",
                        "{\"message\":\"hi\",\"session_id\":\"../../persona/me.txt\"}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_traversalOfUuidLength",
                        "{\"message\":\"hi\",\"session_id\":\"../../../../../../../persona/me.txt\"}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_fullwidthDigitsLookAlike",
                        "{\"message\":\"hi\",\"session_id\":\""
                                + HostileInputs.fullwidth(UNKNOWN)
                                + "\"}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_cyrillicLookAlike",
                        "{\"message\":\"hi\",\"session_id\":\""
                                + HostileInputs.cyrillic(UNKNOWN)
                                + "\"}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_kelvinSignLowersToK",
                        "{\"message\":\"hi\",\"session_id\":\""
                                + UNKNOWN.substring(0, 35)
                                + "\u212A\"}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_nulByte",
                        "{\"message\":\"hi\",\"session_id\":\""
                                + UNKNOWN.substring(0, 35)
                                + "\\u0000\"}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_escapedSlashes",
                        "{\"message\":\"hi\",\"session_id\":\"..\\/..\\/persona\\/me.txt\"}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_tenThousandChars",
                        "{\"message\":\"hi\",\"session_id\":\"" + "a".repeat(10_000) + "\"}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_number",
                        "{\"message\":\"hi\",\"session_id\":123}",
                        "400 invalid_session_id"));
        c.add(
                chat(
                        "sessionId_emptyString",
                        "{\"message\":\"hi\",\"session_id\":\"\"}",
                        "400 invalid_session_id"));
        c.add(
                get(
                        "conversation_encodedTraversal",
                        "/api/conversation/..%2F..%2Fpersona%2Fme.txt",
                        "400 invalid_session_id"));
        c.add(
                get(
                        "conversation_dotSegments",
                        "/api/conversation/../../persona/me.txt",
                        "400 invalid_session_id"));
        c.add(
                get(
                        "conversation_dotDotEncoded",
                        "/api/conversation/%2e%2e%2f%2e%2e%2fpersona%2fme.txt",
                        "400 invalid_session_id"));
        c.add(
                get(
                        "conversation_uuidWithEncodedSlashSuffix",
                        "/api/conversation/" + UNKNOWN + "%2F..",
                        "400 invalid_session_id"));
        c.add(
                get(
                        "conversation_unknownUuid",
                        "/api/conversation/" + UNKNOWN,
                        "404 conversation_not_found"));
        c.add(
                get(
                        "conversation_upperCaseUnknownUuid",
                        "/api/conversation/" + UNKNOWN.toUpperCase(),
                        "404 conversation_not_found"));
        c.add(get("conversation_emptyId", "/api/conversation/", "400 invalid_session_id"));
        c.add(
                get(
                        "conversation_veryLongId",
                        "/api/conversation/" + "b".repeat(8_000),
                        "400 invalid_session_id"));
        // bodies
        c.add(
                chat(
                        "body_nested10000Arrays",
                        "[".repeat(10_000) + "]".repeat(10_000),
                        "400 invalid_json"));
        c.add(
                chat(
                        "body_nested10000ObjectsInIgnoredField",
                        "{\"message\":\"hi\",\"x\":"
                                + "{\"a\":".repeat(10_000)
                                + "1"
                                + "}".repeat(10_000)
                                + "}",
                        "400 invalid_json"));
        c.add(chat("body_messageIsANumber", "{\"message\":1}", "400 invalid_message"));
        c.add(
                chat(
                        "body_messageIsAnObject",
                        "{\"message\":{\"text\":\"hi\"}}",
                        "400 invalid_message"));
        c.add(chat("body_messageMissing", "{\"session_id\":null}", "400 invalid_message"));
        c.add(chat("body_empty", "", "400 invalid_json"));
        c.add(chat("body_truncated", "{\"message\":\"hi", "400 invalid_json"));
        c.add(
                chat(
                        "body_twoObjects",
                        "{\"message\":\"a\"}{\"message\":\"b\"}",
                        "400 invalid_json"));
        // legal JSON; stored and answered re-escaped ("\uD800"), so the files stay valid UTF-8
        // (checked after the run)
        c.add(chat("body_loneHighSurrogateEscape", "{\"message\":\"hello \\ud800\"}", "200 -"));
        c.add(chat("body_loneLowSurrogateEscape", "{\"message\":\"\\udc00 there\"}", "200 -"));
        c.add(chat("body_nulEscapeInMessage", "{\"message\":\"a\\u0000b\"}", "200 -"));
        c.add(
                chat(
                        "body_messageOverTheCharLimit",
                        "{\"message\":\"" + "x".repeat(4_001) + "\"}",
                        "400 invalid_message"));
        c.add(
                new Case(
                        "body_invalidUtf8",
                        attack(
                                "POST",
                                "/api/chat",
                                List.of(Header.of("Content-Type", JSON_TYPE)),
                                HostileInputs.concat(
                                        "{\"message\":\"hi ".getBytes(UTF_8),
                                        new byte[] {(byte) 0xff, (byte) 0xfe},
                                        "\"}".getBytes(UTF_8))),
                        "400 invalid_json",
                        "400 invalid_json"));
        c.add(
                new Case(
                        "body_cesu8EncodedSurrogate",
                        attack(
                                "POST",
                                "/api/chat",
                                List.of(Header.of("Content-Type", JSON_TYPE)),
                                HostileInputs.concat(
                                        "{\"message\":\"hi ".getBytes(UTF_8),
                                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                                        "\"}".getBytes(UTF_8))),
                        "400 invalid_json",
                        "400 invalid_json"));
        c.add(
                chat(
                        "body_just65KbOfMessage",
                        "{\"message\":\"" + "z".repeat(65 * 1024) + "\"}",
                        "413 payload_too_large"));
        // headers
        c.add(
                new Case(
                        "contentType_missing",
                        attack(
                                "POST",
                                "/api/chat",
                                List.of(),
                                "{\"message\":\"hi\"}".getBytes(UTF_8)),
                        "400 unsupported_content_type",
                        "400 unsupported_content_type"));
        c.add(
                new Case(
                        "contentType_semicolonOnly",
                        attack(
                                "POST",
                                "/api/chat",
                                List.of(Header.of("Content-Type", ";")),
                                "{\"message\":\"hi\"}".getBytes(UTF_8)),
                        "400 unsupported_content_type",
                        "400 unsupported_content_type"));
        c.add(
                new Case(
                        "contentType_duplicated",
                        attack(
                                "POST",
                                "/api/chat",
                                List.of(
                                        Header.of("Content-Type", JSON_TYPE),
                                        Header.of("Content-Type", "text/plain")),
                                "{\"message\":\"hi\"}".getBytes(UTF_8)),
                        "400 unsupported_content_type",
                        "400 unsupported_content_type"));
        c.add(
                new Case(
                        "contentType_latin1Charset",
                        attack(
                                "POST",
                                "/api/chat",
                                List.of(
                                        Header.of(
                                                "Content-Type",
                                                "application/json; charset=latin1")),
                                "{\"message\":\"hi\"}".getBytes(UTF_8)),
                        "400 unsupported_content_type",
                        "400 unsupported_content_type"));
        c.add(
                new Case(
                        "header_invalidUtf8Value",
                        attack(
                                "POST",
                                "/api/chat",
                                List.of(
                                        Header.of("Content-Type", JSON_TYPE),
                                        new Header(
                                                "X-Bad",
                                                new byte[] {
                                                    (byte) 0xff, (byte) 0xc0, (byte) 0xaf
                                                })),
                                "{\"message\":\"hi\"}".getBytes(UTF_8)),
                        "200 -",
                        "200 -"));
        // methods and paths
        c.add(get("method_propfind", "/api/chat", "405 method_not_allowed").withMethod("PROPFIND"));
        c.add(get("method_trace", "/api/health", "405 method_not_allowed").withMethod("TRACE"));
        c.add(
                get("method_foo", "/api/conversation/" + UNKNOWN, "405 method_not_allowed")
                        .withMethod("FOO"));
        c.add(
                get("method_lowerCasePost", "/api/chat", "405 method_not_allowed")
                        .withMethod("post")
                        .expect("400 unsupported_content_type", "400 unsupported_content_type"));
        c.add(get("path_doubleSlashDotDot", "//..//..//persona/me.txt", "404 not_found"));
        c.add(get("path_encodedSlashInRoute", "/api%2Fhealth", "404 not_found"));
        c.add(get("path_nulEncoded", "/api/health%00", "404 not_found"));
        c.add(get("path_apiDotDot", "/api/../persona/me.txt", "404 not_found"));
        c.add(
                new Case(
                        "path_absoluteForm",
                        attack("GET", "http://evil.example/api/health", List.of(), new byte[0]),
                        "404 not_found",
                        "200 -"));
        c.add(
                new Case(
                        "path_invalidUtf8",
                        attack(
                                "GET",
                                HostileInputs.concat(
                                        "/api/conversation/".getBytes(UTF_8),
                                        new byte[] {(byte) 0xff}),
                                List.of(),
                                new byte[0]),
                        "400 invalid_session_id",
                        "400 invalid_session_id"));
        c.add(
                new Case(
                        "path_c1ControlByte",
                        attack(
                                "GET",
                                HostileInputs.concat(
                                        "/api/conversation/".getBytes(UTF_8),
                                        new byte[] {(byte) 0x85}),
                                List.of(),
                                new byte[0]),
                        "400 invalid_session_id",
                        "http 400"));
        c.add(
                new Case(
                        "path_networkPathReference",
                        attack("GET", "//chat", List.of(), new byte[0]),
                        "404 not_found",
                        "http 404"));
        // Lambda events
        c.add(lambda("event_invalidBase64Body", EventShape.BASE64_INVALID, "400 invalid_json"));
        c.add(
                lambda(
                        "event_withoutRequestContext",
                        EventShape.NO_REQUEST_CONTEXT,
                        "400 invalid_event"));
        c.add(lambda("event_withoutRawPath", EventShape.NO_RAW_PATH, "400 invalid_event"));
        c.add(lambda("event_notJson", EventShape.NOT_JSON, "400 invalid_event"));
        c.add(lambda("event_empty", EventShape.EMPTY_INPUT, "400 invalid_event"));
        c.add(
                lambda(
                        "event_nested10000Levels",
                        EventShape.DEEPLY_NESTED_EVENT,
                        "400 invalid_event"));
        c.add(
                lambda(
                        "event_headersAnArray",
                        EventShape.HEADERS_AN_ARRAY,
                        "400 unsupported_content_type"));
        c.add(lambda("event_bodyAnObject", EventShape.BODY_AN_OBJECT, "400 invalid_json"));
        c.add(lambda("event_namedStage", EventShape.NAMED_STAGE, "200 -"));
        // HEAD answers carry no body, whatever the status (checked by assertSafe)
        c.add(
                lambda(
                                "event_headWithInvalidBase64Body",
                                EventShape.BASE64_INVALID,
                                "400 (no body)")
                        .withMethod("HEAD"));
        c.add(get("method_headOnHealth", "/api/health", "200 -").withMethod("HEAD"));
        c.add(get("method_headOnChat", "/api/chat", "405 (no body)").withMethod("HEAD"));
        // body framing on the wire
        c.add(framing("framing_chunked", Length.CHUNKED, "200 -"));
        c.add(framing("framing_chunkedMalformed", Length.CHUNKED_MALFORMED, "400 unreadable_body"));
        c.add(framing("framing_duplicatedContentLength", Length.DUPLICATE_SAME, "http 400"));
        c.add(framing("framing_conflictingContentLength", Length.CONFLICTING, "http 400"));
        c.add(framing("framing_negativeContentLength", Length.NEGATIVE, "http 400"));
        c.add(framing("framing_chunkedAndContentLength", Length.CHUNKED_AND_LENGTH, "http 400"));
        c.add(framing("framing_contentLengthMissing", Length.MISSING, "400 invalid_json"));
        return c;
    }

    // ------------------------------------------------------------------ the runs

    private static TwinUnderTest twin;
    private static DevServer server;
    private static RawHttp http;
    private static LambdaFront front;

    @BeforeAll
    static void startTwin() throws Exception {
        twin = new TwinUnderTest();
        server = DevServer.start(twin.wiring, twin.site, 0);
        http = new RawHttp(server.port());
        front =
                new LambdaFront(
                        new TwinHandler(
                                twin.wiring.routes(), "https://d111111abcdef8.cloudfront.net"));
    }

    @AfterAll
    static void storeStillIntact() throws Exception {
        try {
            // a valid turn still works after the corpus, and what is stored parses
            Attack ok =
                    LambdaFrontHostileTest.valid(
                            "POST", "/api/chat", "{\"message\":\"Do you bake?\"}");
            twin.checkValid(ok, front.send(ok));
            twin.checkValid(ok, http.send("POST", RawHttp.request(ok)));
            twin.assertStoreIntact();
        } finally {
            server.close();
            twin.close();
        }
    }

    static Stream<Arguments> lambdaCases() {
        return corpus().stream().filter(c -> !c.lambda().equals("-")).map(Arguments::of);
    }

    static Stream<Arguments> serverCases() {
        return corpus().stream().filter(c -> !c.server().equals("-")).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lambdaCases")
    void lambdaFront_answersTheNamedHostileCase_asExpected(Case c) throws Exception {
        // When
        Answer answer = front.send(c.attack());

        // Then
        answer.assertSafe(c.attack().method(), c, twin.secretPaths());
        assertThat(outcome(answer)).as(c.name()).isEqualTo(c.lambda());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverCases")
    void devServer_answersTheNamedHostileCase_asExpected(Case c) throws Exception {
        // When
        Answer answer = http.send(c.attack().method(), RawHttp.request(c.attack()));

        // Then
        assertThat(answer).as("answer to %s", c.name()).isNotNull();
        answer.assertSafe(c.attack().method(), c, twin.secretPaths());
        assertThat(outcome(answer)).as(c.name()).isEqualTo(c.server());
    }

    private static String outcome(Answer a) {
        if (a.httpLayer()) {
            return "http " + a.status();
        }
        if (a.status() >= 400 && a.body().length == 0) {
            return a.status() + " (no body)"; // HEAD
        }
        return a.status() + " " + (a.status() >= 400 ? a.errorCode() : "-");
    }

    // ------------------------------------------------------------------ case builders

    private static Case chat(String name, String body, String expected) {
        return new Case(
                name,
                attack(
                        "POST",
                        "/api/chat",
                        List.of(Header.of("Content-Type", JSON_TYPE)),
                        body.getBytes(UTF_8)),
                expected,
                expected);
    }

    private static Case get(String name, String path, String expected) {
        return new Case(name, attack("GET", path, List.of(), new byte[0]), expected, expected);
    }

    private static Case lambda(String name, EventShape shape, String expected) {
        Attack a =
                attack(
                        "POST",
                        "/api/chat",
                        List.of(Header.of("Content-Type", JSON_TYPE)),
                        "{\"message\":\"What do you do for work?\"}".getBytes(UTF_8));
        return new Case(
                name,
                new Attack(
                        name,
                        false,
                        a.method(),
                        a.path(),
                        a.headers(),
                        a.body(),
                        a.length(),
                        shape),
                expected,
                "-");
    }

    private static Case framing(String name, Length length, String expected) {
        Attack a =
                attack(
                        "POST",
                        "/api/chat",
                        List.of(Header.of("Content-Type", JSON_TYPE)),
                        "{\"message\":\"What do you do for work?\"}".getBytes(UTF_8));
        return new Case(
                name,
                new Attack(
                        name,
                        false,
                        a.method(),
                        a.path(),
                        a.headers(),
                        a.body(),
                        length,
                        a.event()),
                "-",
                expected);
    }

    private static Attack attack(String method, String path, List<Header> headers, byte[] body) {
        return attack(method, path.getBytes(UTF_8), headers, body);
    }

    private static Attack attack(String method, byte[] path, List<Header> headers, byte[] body) {
        return new Attack(
                "corpus",
                false,
                method,
                path,
                headers,
                body,
                Length.CORRECT,
                EventShape.WELL_FORMED);
    }
}
