// The requests reached the stand-ins named only by the profile: objects in s3proxy (checked with an
// independent client), the invalidation and the secret at WireMock. Then WireMock stops.
import dev.twin.maven.testing.LocalS3
import static com.github.tomakehurst.wiremock.client.WireMock.*

def wm = System.properties.get("twin.it.profile.wiremock")
try {
    def log = new File(basedir, "build.log").text
    assert !log.contains("twin.endpoint")
    def siteBucket = System.properties.get("twin.it.profile.siteBucket")
    def memoryBucket = System.properties.get("twin.it.profile.memoryBucket")
    LocalS3.get().checker().withCloseable { s3 ->
        def keys = { bucket -> s3.listObjectsV2Paginator({ it.bucket(bucket) } as java.util.function.Consumer).contents()*.key() }
        assert keys(siteBucket).containsAll(["index.html", "app.js", "config.json"])
        assert keys(memoryBucket).containsAll(["persona/me.txt", "persona/facts.json"])
    }
    assert wm.findAll(postRequestedFor(urlEqualTo("/2020-05-31/distribution/E2ANA/invalidation"))).size() == 1
    def puts = wm.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.PutSecretValue")))
    assert puts.size() == 1
    assert !log.contains("it-fake-key-not-real-0001")
} finally {
    wm.stop()
}
return true
