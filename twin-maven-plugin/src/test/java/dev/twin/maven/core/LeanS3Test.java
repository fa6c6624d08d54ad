package dev.twin.maven.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * S3 answers that s3proxy cannot be made to give (pages, redirects, throttling), from WireMock on
 * loopback; the happy paths and key encoding run against s3proxy in {@code SitePublisherTest}.
 */
class LeanS3Test {

    private WireMockServer s3;
    private LeanS3 lean;

    @BeforeEach
    void start() {
        s3 = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        s3.start();
        lean =
                new LeanS3(
                        new LeanS3.Endpoint(Optional.of(URI.create(s3.baseUrl())), "eu-west-1"),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        "AKIDEXAMPLE", "wJalrXUtnFEMI-example")));
    }

    @AfterEach
    void stop() {
        s3.stop();
    }

    @Test
    void list_followsContinuationTokens_andDecodesUrlEncodedKeys() {
        s3.stubFor(
                get(urlPathEqualTo("/b/"))
                        .withQueryParam("continuation-token", absent())
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                page("a+b%2Bc.html", "\"e1\"", true, "tok/en=="))));
        s3.stubFor(
                get(urlPathEqualTo("/b/"))
                        .withQueryParam("continuation-token", equalTo("tok/en=="))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                page(
                                                        "%C3%BC%20x.js",
                                                        "&quot;e2&quot;", false, null))));

        var listed = lean.list("b", "");

        assertThat(listed)
                .containsExactly(
                        new LeanS3.Listed("a b+c.html", "\"e1\"", 7),
                        new LeanS3.Listed("ü x.js", "\"e2\"", 7));
        s3.verify(
                getRequestedFor(urlPathEqualTo("/b/"))
                        .withQueryParam("list-type", equalTo("2"))
                        .withHeader(
                                "Authorization",
                                matching(
                                        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/s3/aws4_request, .*")));
    }

    @Test
    void failure_namesTheBucketsRegion_whenItIsAnotherOne() {
        s3.stubFor(
                get(urlPathEqualTo("/b/"))
                        .willReturn(
                                aResponse()
                                        .withStatus(301)
                                        .withHeader("x-amz-bucket-region", "us-west-2")
                                        .withBody(
                                                "<Error><Code>PermanentRedirect</Code><Message>use the right endpoint</Message></Error>")));

        assertThatThrownBy(() -> lean.list("b", ""))
                .isInstanceOf(AwsRequestFailedException.class)
                .hasMessageContaining("s3://b")
                .hasMessageContaining("PermanentRedirect")
                .hasMessageContaining("-Dtwin.region=us-west-2");
    }

    @Test
    void failure_accessDenied_saysWhichIdentityToCheck() {
        s3.stubFor(
                get(urlEqualTo("/b/k"))
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withBody(
                                                "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")));

        assertThatThrownBy(() -> lean.get("b", "k"))
                .isInstanceOf(AwsRequestFailedException.class)
                .hasMessageContaining("AccessDenied")
                .hasMessageContaining("-Dtwin.profile");
    }

    @Test
    void put_isRetried_whenS3IsBusy() {
        s3.stubFor(
                put(urlEqualTo("/b/k.txt"))
                        .inScenario("slow")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(
                                aResponse()
                                        .withStatus(503)
                                        .withBody("<Error><Code>SlowDown</Code></Error>"))
                        .willSetStateTo("ok"));
        s3.stubFor(
                put(urlEqualTo("/b/k.txt"))
                        .inScenario("slow")
                        .whenScenarioStateIs("ok")
                        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e9\"")));

        String etag =
                lean.put(
                        "b",
                        "k.txt",
                        "hello".getBytes(),
                        new LeanS3.PutHeaders("text/plain", null, Map.of(), null));

        assertThat(etag).isEqualTo("\"e9\"");
        s3.verify(2, putRequestedFor(urlEqualTo("/b/k.txt")));
    }

    @Test
    void anyCall_withoutCredentials_failsWithTheCredentialsHelp() {
        LeanS3 noCredentials =
                new LeanS3(
                        new LeanS3.Endpoint(Optional.of(URI.create(s3.baseUrl())), "eu-west-1"),
                        () -> {
                            throw SdkClientException.create(
                                    "Unable to load credentials from any of the providers in the chain");
                        });

        assertThatThrownBy(() -> noCredentials.list("b", ""))
                .isInstanceOf(NoCredentialsException.class)
                .hasMessageContaining("aws configure");
        assertThat(s3.getAllServeEvents()).isEmpty();
    }

    @Test
    void endpoint_isVirtualHostedOnAws_andPathStyleForDottedNames() {
        var aws = new LeanS3.Endpoint(Optional.empty(), "eu-central-1");
        assertThat(aws.target("site-bucket"))
                .isEqualTo(
                        new LeanS3.Target(
                                "https", "site-bucket.s3.eu-central-1.amazonaws.com", -1, ""));
        assertThat(aws.target("www.example.com").host()).isEqualTo("s3.eu-central-1.amazonaws.com");
        assertThat(new LeanS3.Endpoint(Optional.empty(), "cn-north-1").target("b").host())
                .isEqualTo("b.s3.cn-north-1.amazonaws.com.cn");
    }

    @Test
    void endpoint_override_keepsItsBasePath_withoutTrailingSlashes() {
        assertThat(
                        new LeanS3.Endpoint(
                                        Optional.of(URI.create("http://127.0.0.1:9000/s3//")),
                                        "eu-west-1")
                                .target("b"))
                .isEqualTo(new LeanS3.Target("http", "127.0.0.1", 9000, "/s3/b"));
        assertThat(
                        new LeanS3.Endpoint(
                                        Optional.of(URI.create("http://127.0.0.1:9000")),
                                        "eu-west-1")
                                .target("b")
                                .bucketPath())
                .isEqualTo("/b");
    }

    private static String page(String key, String etag, boolean truncated, String next) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Name>b</Name><Prefix></Prefix><EncodingType>url</EncodingType><IsTruncated>"
                + truncated
                + "</IsTruncated>"
                + (next == null
                        ? ""
                        : "<NextContinuationToken>" + next + "</NextContinuationToken>")
                + "<Contents><Key>"
                + key
                + "</Key><ETag>"
                + etag
                + "</ETag><Size>7</Size>"
                + "<Owner><ID>o</ID></Owner><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>";
    }
}
