package dev.twin.maven.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twin.maven.core.Json;
import dev.twin.maven.core.TwinLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * After a deploy, asks the deployed chat API one short question, so that a model the account may
 * not use (a Bedrock model not enabled for the account, a model id unusable in the region, a
 * refused API key) fails the build with what to do, instead of every visitor getting an error. Only
 * the API's {@code model_access_denied} and {@code model_unusable} answers fail; anything else (a
 * cold start timing out, throttling) is reported as a warning, since the stack itself is fine. For
 * Bedrock, {@link FirstModelCall} runs first with the deployer's credentials.
 */
public final class ModelCheck {

    /** The question sent; short, so the check costs a handful of tokens. */
    static final String QUESTION = "Deployment check: reply with one word.";

    private final HttpClient http;
    private final TwinLog log;
    private final Duration timeout;

    public ModelCheck(TwinLog log, Duration timeout) {
        this.log = Objects.requireNonNull(log);
        this.timeout = Objects.requireNonNull(timeout);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Posts the question to {@code apiEndpoint}/chat. Throws {@link ModelAccessDeniedException}
     * when the model refuses the twin; returns whether the model answered.
     */
    public boolean check(URI apiEndpoint, String provider, String modelId, String skipProperty) {
        String base = apiEndpoint.toString();
        URI chat = URI.create(base.endsWith("/") ? base + "chat" : base + "/chat");
        var body = Json.MAPPER.createObjectNode().put("message", QUESTION);
        HttpRequest request =
                HttpRequest.newBuilder(chat)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build();
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            log.warn(
                    "Model check: cannot reach "
                            + chat
                            + " ("
                            + e.getMessage()
                            + "); the twin's answers are unchecked");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Model check interrupted");
            return false;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (response.statusCode() / 100 == 2) {
            log.info("Model check: the deployed twin answered in " + ms + " ms");
            return true;
        }
        String code = errorCode(response.body());
        if ("model_access_denied".equals(code)) {
            throw new ModelAccessDeniedException(provider, modelId, skipProperty);
        }
        if ("model_unusable".equals(code)) {
            throw new ModelUnusableException(
                    modelId, null, errorMessage(response.body()), skipProperty);
        }
        log.warn(
                "Model check: POST "
                        + chat
                        + " answered "
                        + response.statusCode()
                        + (code == null ? "" : " " + code)
                        + "; visitors may see errors until this clears (check the Lambda's logs if it persists)");
        return false;
    }

    /** The {@code error.message} of the API's JSON error body, or null. */
    static String errorMessage(String body) {
        try {
            JsonNode message = Json.MAPPER.readTree(body).path("error").path("message");
            return message.isTextual() ? message.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The {@code error.code} of the API's JSON error body, or null. */
    static String errorCode(String body) {
        try {
            JsonNode code = Json.MAPPER.readTree(body).path("error").path("code");
            return code.isTextual() ? code.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
