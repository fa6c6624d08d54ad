// Checks what the goals did with an independent SDK client and the requests WireMock received, then stops WireMock.
import groovy.json.JsonSlurper
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.s3.S3Client

def wm = System.properties.get("twin.it.ship.wiremock")
try {
    def log = new File(basedir, "build.log").text
    def s3 = S3Client.builder().endpointOverride(URI.create(System.properties.get("twin.it.ship.s3")))
            .region(Region.US_EAST_1).forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local-test-access", "local-test-secret")))
            .build()
    def siteBucket = System.properties.get("twin.it.ship.siteBucket")
    def memoryBucket = System.properties.get("twin.it.ship.memoryBucket")
    def keys = { bucket -> s3.listObjectsV2Paginator({ it.bucket(bucket) } as java.util.function.Consumer).contents()*.key() }

    // upload-persona: text files under persona/, encrypted, stale persona file gone, conversations untouched
    // (plus the publish manifest, kept in this private bucket rather than beside the public site)
    def manifestKey = "publish/" + siteBucket + "/twin-publish-manifest.txt"
    assert keys(memoryBucket).toSet() == ["persona/me.txt", "persona/facts.json", "conversations/keep.json", manifestKey].toSet()
    def me = s3.headObject({ it.bucket(memoryBucket).key("persona/me.txt") } as java.util.function.Consumer)
    assert me.serverSideEncryptionAsString() == "AES256"
    assert me.metadata().get("twin-sha256") ==~ /[0-9a-f]{64}/

    // publish-frontend: bundled page + override + config.json, headers right, stale file deleted
    def siteKeys = keys(siteBucket)
    assert siteKeys.containsAll(["index.html", "app.js", "config.json", "theme.css"])
    assert !siteKeys.contains("stale.js")
    assert !siteKeys.any { it.contains("manifest") }
    def manifest = s3.headObject({ it.bucket(memoryBucket).key(manifestKey) } as java.util.function.Consumer)
    assert manifest.serverSideEncryptionAsString() == "AES256"
    def index = s3.headObject({ it.bucket(siteBucket).key("index.html") } as java.util.function.Consumer)
    assert index.contentType().replace(" ", "") == "text/html;charset=utf-8"
    assert index.cacheControl() == "no-cache"
    def css = s3.headObject({ it.bucket(siteBucket).key("theme.css") } as java.util.function.Consumer)
    assert css.cacheControl() == "public, max-age=300"
    def config = new JsonSlurper().parseText(s3.getObjectAsBytes({ it.bucket(siteBucket).key("config.json") } as java.util.function.Consumer).asUtf8String())
    assert config == [apiUrl: "/api", twinName: "Ana Example", avatar: "avatar.svg", intro: "Ask me about data pipelines.",
                      starterQuestions: ["What do you work on?", "Where are you based?"], streaming: true]
    // the second publish-frontend planned nothing
    assert log =~ /Plan for s3:\/\/[^ ]+: 0 to upload \(0 B\), \d+ unchanged, 0 to delete/

    // invalidate: one CreateInvalidation with a unique caller reference, listing the changed paths
    // (14 here: the 12 new files, the deleted stale.js and /)
    def invalidations = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/2020-05-31/distribution/E2ANA/invalidation")))
    assert invalidations.size() == 1
    assert invalidations[0].bodyAsString.contains("<CallerReference>twin-")
    assert invalidations[0].bodyAsString.contains("<Quantity>14</Quantity>")
    assert invalidations[0].bodyAsString.contains("<Path>/stale.js</Path>")
    assert invalidations[0].bodyAsString.contains("<Path>/</Path>")

    // set-api-key: PutSecretValue with the key from TWIN_API_KEY; the key never in the log
    def puts = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/")))
    assert puts.size() == 1
    def body = new JsonSlurper().parseText(puts[0].bodyAsString)
    assert body.SecretId == "arn:aws:secretsmanager:us-east-1:123456789012:secret:ana-key-AbCdEf"
    assert body.SecretString == "it-fake-key-not-real-0000"
    assert !log.contains("it-fake-key-not-real-0000")

    // outputs: printed
    assert log.contains("DistributionId = E2ANA")
    s3.close()
} finally {
    wm.stop()
}
return true
