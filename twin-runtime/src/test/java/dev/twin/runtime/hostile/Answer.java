package dev.twin.runtime.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test value: an answer from either front (status, lower-case header names, body bytes), and the
 * invariants every answer to a hostile request must keep.
 *
 * @param httpLayer the JDK HTTP server answered on its own, before any twin code ran (a request it
 *     cannot parse)
 */
record Answer(int status, Map<String, List<String>> headers, byte[] body, boolean httpLayer) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stack frames, Java class / package names, source files: none may reach a visitor. */
    private static final Pattern INTERNALS =
            Pattern.compile(
                    "\\bat [\\w$.]+\\(|\\.java\\b|\\b(?:java|javax|jdk|sun|com\\.fasterxml|software\\.amazon|dev\\.twin)\\.[a-z]"
                            + "|\\b[A-Z]\\w*(?:Exception|Error)\\b|\\bCaused by\\b");

    /** The fixed refusals of {@code sun.net.httpserver} for requests it cannot parse or place. */
    static final String JDK_REFUSAL =
            "<h1>(400 Bad Request|404 Not Found)</h1>(Bad request line|URISyntaxException thrown"
                    + "|Conflicting or malformed headers detected|No context found for request|Bad Content-Length|[A-Za-z -]{0,60})";

    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The error code of an error answer, or {@code null}. */
    String errorCode() {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? null : n.path("error").path("code").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Checks the invariants: no 5xx, the request id header, the JSON error shape on every error, no
     * body where HTTP forbids one, and no internals (stack frames, class names, server paths).
     *
     * @param secrets strings that must never appear in an answer (the store's directory, the
     *     bucket's name)
     */
    void assertSafe(String method, Object request, List<String> secrets) {
        String what = String.valueOf(request);
        assertThat(status).as("status of %s", what).isBetween(200, 499);
        if (httpLayer) {
            // the JDK HTTP server refused to parse the request: no twin code ran, so there is no
            // request id
            // or JSON to give; its refusals are fixed texts (one names URISyntaxException, but
            // carries nothing else)
            assertThat(status).as("HTTP-layer refusal of %s", what).isIn(400, 404);
            if (!method.equalsIgnoreCase("HEAD")) {
                assertThat(bodyText()).as("HTTP-layer refusal of %s", what).matches(JDK_REFUSAL);
            }
            return;
        }
        String everything = bodyText() + " " + headers;
        assertThat(INTERNALS.matcher(everything).find())
                .as("internals in the answer to %s: %s", what, shorten(everything))
                .isFalse();
        for (String secret : secrets) {
            assertThat(everything)
                    .as("server detail in the answer to %s", what)
                    .doesNotContain(secret);
        }
        assertThat(header("x-request-id")).as("x-request-id of %s", what).isNotBlank();
        boolean noBody = status == 204 || status == 304 || method.equalsIgnoreCase("HEAD");
        if (noBody) {
            assertThat(body).as("body of %s", what).isEmpty();
            return;
        }
        if (status >= 400) {
            assertThat(header("content-type"))
                    .as("content type of %s", what)
                    .startsWith("application/json");
            JsonNode n;
            try {
                n = JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(
                        "error body of " + what + " is not JSON: " + shorten(bodyText()), e);
            }
            assertThat(n).as("error body of %s", what).isNotNull();
            assertThat(
                            n.isObject()
                                    && n.size() == 1
                                    && n.get("error") != null
                                    && n.get("error").isObject())
                    .as("error shape of %s: %s", what, shorten(bodyText()))
                    .isTrue();
            JsonNode e = n.get("error");
            assertThat(e.path("code").isTextual() && !e.path("code").asText().isBlank())
                    .as("error code of %s: %s", what, shorten(bodyText()))
                    .isTrue();
            assertThat(e.path("message").isTextual() && !e.path("message").asText().isBlank())
                    .as("error message of %s: %s", what, shorten(bodyText()))
                    .isTrue();
        }
    }

    static String shorten(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }

    @Override
    public String toString() {
        return status + " " + (httpLayer ? "(http layer) " : "") + shorten(bodyText());
    }
}
