package dev.twin.maven.owner;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** twin:logs against a CloudWatch Logs stand-in (WireMock speaking FilterLogEvents). */
class LogReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "/aws/lambda/twin-jane-dev";
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String TARGET = "Logs_20140328.FilterLogEvents";

    private static WireMockServer wm;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        logs =
                CloudWatchLogsClient.builder()
                        .endpointOverride(URI.create("http://127.0.0.1:" + wm.port()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("local-test", "local-test")))
                        .build();
    }

    @AfterAll
    static void stop() {
        logs.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    private static String event(String id, long ts, String message) throws Exception {
        return "{\"eventId\":\""
                + id
                + "\",\"timestamp\":"
                + ts
                + ",\"logStreamName\":\"s\",\"ingestionTime\":"
                + ts
                + ",\"message\":"
                + JSON.writeValueAsString(message)
                + "}";
    }

    private static final String OK_LINE =
            "{\"_aws\":{\"Timestamp\":1},\"level\":\"INFO\",\"type\":\"request\",\"TwinName\":\"Jane\","
                    + "\"requestId\":\"req-ok\",\"method\":\"POST\",\"route\":\"/chat\",\"status\":200,\"LatencyMs\":812,\"Errors\":0}";
    private static final String FAIL_LINE =
            "{\"_aws\":{\"Timestamp\":1},\"level\":\"ERROR\",\"type\":\"request\",\"TwinName\":\"Jane\","
                    + "\"requestId\":\"req-bad\",\"method\":\"POST\",\"route\":\"/chat\",\"status\":504,\"LatencyMs\":16003,"
                    + "\"Errors\":1,\"ErrorCode\":\"model_timeout\"}";

    @Test
    void read_printsReadableRequestLines_fromFilterLogEvents() throws Exception {
        // Given: one page with a request, a wrapped request (Lambda JSON log format) and a platform
        // line
        long t = NOW.minusSeconds(60).toEpochMilli();
        wm.stubFor(
                post(urlPathEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo(TARGET))
                        .willReturn(
                                okJson(
                                        "{\"events\":["
                                                + event("1", t, OK_LINE)
                                                + ","
                                                + event(
                                                        "2",
                                                        t + 1000,
                                                        "{\"time\":\"x\",\"type\":\"app\",\"message\":"
                                                                + JSON.writeValueAsString(FAIL_LINE)
                                                                + "}")
                                                + ","
                                                + event("3", t + 2000, "START RequestId: abc")
                                                + "]}")));
        List<String> out = new ArrayList<>();

        // When
        int n =
                new LogReader(logs, GROUP, Clock.fixed(NOW, ZoneOffset.UTC))
                        .read(Duration.ofHours(1), false, 0, Duration.ZERO, out::add);

        // Then
        assertThat(n).isEqualTo(2);
        assertThat(out.get(0))
                .startsWith(Instant.ofEpochMilli(t).toString())
                .contains("POST /chat")
                .contains(" 200 ")
                .contains("812 ms")
                .endsWith("req-ok");
        assertThat(out.get(1)).contains(" 504 ").contains("model_timeout").endsWith("req-bad");
        List<LoggedRequest> sent =
                wm.findAll(
                        postRequestedFor(urlPathEqualTo("/"))
                                .withHeader("X-Amz-Target", equalTo(TARGET)));
        JsonNode body = JSON.readTree(sent.get(0).getBodyAsString());
        assertThat(body.get("logGroupName").asText()).isEqualTo(GROUP);
        assertThat(body.get("startTime").asLong())
                .isEqualTo(NOW.minus(Duration.ofHours(1)).toEpochMilli());
        assertThat(body.get("filterPattern").asText()).isEqualTo(LogReader.REQUESTS);
    }

    @Test
    void errorsOnly_asksForFailures_andFollowPollsFromTheNewestEvent() throws Exception {
        long t = NOW.minusSeconds(10).toEpochMilli();
        wm.stubFor(
                post(urlPathEqualTo("/"))
                        .willReturn(okJson("{\"events\":[" + event("9", t, FAIL_LINE) + "]}")));
        List<String> out = new ArrayList<>();

        new LogReader(logs, GROUP, Clock.fixed(NOW, ZoneOffset.UTC))
                .read(Duration.ofMinutes(30), true, 2, Duration.ofMillis(10), out::add);

        // the same event returned by every poll is printed once
        assertThat(out).hasSize(1);
        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo("/")));
        assertThat(sent).hasSize(3);
        assertThat(JSON.readTree(sent.get(0).getBodyAsString()).get("filterPattern").asText())
                .isEqualTo(LogReader.FAILURES);
        assertThat(JSON.readTree(sent.get(2).getBodyAsString()).get("startTime").asLong())
                .isEqualTo(t);
    }

    @Test
    void missingLogGroup_saysToDeploy() {
        wm.stubFor(
                post(urlPathEqualTo("/"))
                        .willReturn(
                                WireMock.aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                                        .withBody(
                                                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log group does not exist.\"}")));

        assertThatThrownBy(
                        () ->
                                new LogReader(logs, GROUP, Clock.systemUTC())
                                        .read(
                                                Duration.ofHours(1),
                                                false,
                                                0,
                                                Duration.ZERO,
                                                l -> {}))
                .isInstanceOf(LogGroupNotFoundException.class)
                .hasMessageContaining("twin:deploy");
    }
}
