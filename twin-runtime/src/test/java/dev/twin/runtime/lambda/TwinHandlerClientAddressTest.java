package dev.twin.runtime.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.ScriptedModel;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.limit.ChatRateLimit;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which address the Lambda front limits under: CloudFront's viewer address, never X-Forwarded-For.
 */
class TwinHandlerClientAddressTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLOUDFRONT_EDGE = "130.176.98.12";

    private final ScriptedModel model = new ScriptedModel();
    private TwinHandler handler;

    @BeforeEach
    void setUp() {
        PersonaSource persona =
                new PersonaSource() {
                    @Override
                    public Persona current() {
                        return new Persona(Map.of("me.txt", "I am Ana."));
                    }

                    @Override
                    public String describe() {
                        return "fixed";
                    }
                };
        MutableClock clock = new MutableClock();
        ChatService chat =
                new ChatService(
                        model,
                        new InMemoryConversationStore(),
                        persona,
                        ChatSettings.defaults("Ana"),
                        clock);
        // one turn per address per minute, no conversation limit
        handler =
                new TwinHandler(
                        new Routes(
                                chat,
                                Telemetry.discard(),
                                ChatRateLimit.of(1, 1, 0, 1, 1000, clock)),
                        null);
    }

    /**
     * The recorded CloudFront → HTTP API event, with the given forwarding headers (null = absent).
     */
    private static String event(String viewerAddress, String forwardedFor, String sourceIp)
            throws Exception {
        ObjectNode e;
        try (InputStream in =
                TwinHandlerClientAddressTest.class.getResourceAsStream(
                        "/events/post-chat-base64.json")) {
            e = (ObjectNode) JSON.readTree(in);
        }
        ObjectNode headers = (ObjectNode) e.get("headers");
        headers.remove("x-forwarded-for");
        if (viewerAddress != null) {
            headers.put("cloudfront-viewer-address", viewerAddress);
        }
        if (forwardedFor != null) {
            headers.put("x-forwarded-for", forwardedFor);
        }
        ((ObjectNode) e.at("/requestContext/http")).put("sourceIp", sourceIp);
        return JSON.writeValueAsString(e);
    }

    private JsonNode invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes()), out, null);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void forgedXForwardedFor_doesNotChangeTheKey() throws Exception {
        // Given a visitor who has spent their turn
        assertThat(
                        invoke(
                                        event(
                                                "198.51.100.10:40001",
                                                "198.51.100.10, " + CLOUDFRONT_EDGE,
                                                CLOUDFRONT_EDGE))
                                .get("statusCode")
                                .asInt())
                .isEqualTo(200);

        // When they write a fresh address into X-Forwarded-For (CloudFront appends the real one
        // after it)
        JsonNode r =
                invoke(event("198.51.100.10:40002", "192.0.2.99, 198.51.100.10", CLOUDFRONT_EDGE));

        // Then they are still limited, under their real address
        assertThat(r.get("statusCode").asInt()).isEqualTo(429);
        assertThat(r.at("/headers/retry-after").asText()).isEqualTo("60");
        assertThat(JSON.readTree(r.get("body").asText()).at("/error/code").asText())
                .isEqualTo("rate_limited");
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void visitorsBehindTheSameCloudFrontEdge_areLimitedSeparately() throws Exception {
        // Given: both arrive from the same edge address (the event's sourceIp), as every viewer of
        // a region does
        assertThat(
                        invoke(event("198.51.100.10:40001", null, CLOUDFRONT_EDGE))
                                .get("statusCode")
                                .asInt())
                .isEqualTo(200);

        // When another viewer comes through the same edge
        JsonNode r = invoke(event("203.0.113.77:51000", null, CLOUDFRONT_EDGE));

        // Then they are not limited by the first viewer's bucket
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void withoutTheViewerAddressHeader_theSourceIpIsTheKey() throws Exception {
        // Given a direct call (no CloudFront): the source IP is the caller's
        assertThat(invoke(event(null, "192.0.2.1", "203.0.113.5")).get("statusCode").asInt())
                .isEqualTo(200);

        // When the same caller rotates X-Forwarded-For
        JsonNode r = invoke(event(null, "192.0.2.2", "203.0.113.5"));

        // Then
        assertThat(r.get("statusCode").asInt()).isEqualTo(429);
    }

    @Test
    void aLoopbackViewerAddress_isNotTrusted_soItCannotDodgeTheLimit() throws Exception {
        // Given a direct caller who writes CloudFront's header with a loopback address (which is
        // never limited)
        assertThat(invoke(event("127.0.0.1:1", null, "203.0.113.5")).get("statusCode").asInt())
                .isEqualTo(200);

        // When they do it again
        JsonNode r = invoke(event("127.0.0.1:2", null, "203.0.113.5"));

        // Then their source IP was the key
        assertThat(r.get("statusCode").asInt()).isEqualTo(429);
    }
}
