// Starts the stand-ins in this JVM (s3proxy in memory, WireMock for CloudFront and Secrets Manager, both on
// loopback ephemeral ports), seeds stale objects, writes the outputs file and points the goals at the stand-ins.
import static com.github.tomakehurst.wiremock.client.WireMock.*
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options

import com.github.tomakehurst.wiremock.WireMockServer
import dev.twin.maven.testing.LocalS3
import software.amazon.awssdk.core.sync.RequestBody

def s3 = LocalS3.get()
def siteBucket = s3.newBucket("ana-site")
def memoryBucket = s3.newBucket("ana-memory")
s3.checker().withCloseable { c ->
    c.putObject({ it.bucket(siteBucket).key("stale.js") } as java.util.function.Consumer, RequestBody.fromString("old"))
    c.putObject({ it.bucket(memoryBucket).key("persona/old.txt") } as java.util.function.Consumer, RequestBody.fromString("old"))
    c.putObject({ it.bucket(memoryBucket).key("conversations/keep.json") } as java.util.function.Consumer, RequestBody.fromString("{}"))
}

def wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort())
wm.start()
wm.stubFor(post(urlEqualTo("/2020-05-31/distribution/E2ANA/invalidation")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "text/xml")
        .withBody('''<?xml version="1.0" encoding="UTF-8"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2ANA</Id><Status>InProgress</Status>
<CreateTime>2026-11-25T10:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items>
</Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>''')))
wm.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.PutSecretValue"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody('{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:ana-key-AbCdEf","Name":"ana-key","VersionId":"v-it"}')))

def outputs = new File(basedir, "target/twin/dev/outputs.json")
outputs.parentFile.mkdirs()
outputs.text = """{"twin-ana-dev": {"FrontendBucketName": "${siteBucket}", "MemoryBucketName": "${memoryBucket}",
  "DistributionId": "E2ANA", "CloudFrontDomain": "d111.cloudfront.net",
  "ApiKeySecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:ana-key-AbCdEf"}}"""

def mvn = new File(basedir, ".mvn")
mvn.mkdirs()
new File(mvn, "maven.config").text = "-Dtwin.endpoint.s3=${s3.endpoint()}\n" +
        "-Dtwin.endpoint.cloudfront=${wm.baseUrl()}\n-Dtwin.endpoint.secretsmanager=${wm.baseUrl()}\n"

// The verify script may run in another class loader: hand over plain values and the server object.
System.properties.put("twin.it.ship.wiremock", wm)
System.properties.put("twin.it.ship.s3", s3.endpoint().toString())
System.properties.put("twin.it.ship.siteBucket", siteBucket)
System.properties.put("twin.it.ship.memoryBucket", memoryBucket)
return true
