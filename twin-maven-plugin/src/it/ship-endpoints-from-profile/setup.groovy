// Starts s3proxy and WireMock on loopback, writes the outputs file, and points the goals at the
// stand-ins the way an owner would point the AWS CLI: a profile with a services section of
// endpoint_url values (the SDK reads it; aws.configFile names the file). No twin.endpoint.* is set.
import static com.github.tomakehurst.wiremock.client.WireMock.*
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options

import com.github.tomakehurst.wiremock.WireMockServer
import dev.twin.maven.testing.LocalS3

def s3 = LocalS3.get()
def siteBucket = s3.newBucket("ana-site")
def memoryBucket = s3.newBucket("ana-memory")

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

def config = new File(basedir, "aws-config")
config.text = """[default]
region = us-east-1
services = stand-ins

[services stand-ins]
s3 =
  endpoint_url = ${s3.endpoint()}
cloudfront =
  endpoint_url = ${wm.baseUrl()}
secrets_manager =
  endpoint_url = ${wm.baseUrl()}
"""
def mvn = new File(basedir, ".mvn")
mvn.mkdirs()
new File(mvn, "jvm.config").text = "-Daws.configFile=${config.absolutePath}\n"

System.properties.put("twin.it.profile.wiremock", wm)
System.properties.put("twin.it.profile.siteBucket", siteBucket)
System.properties.put("twin.it.profile.memoryBucket", memoryBucket)
return true
