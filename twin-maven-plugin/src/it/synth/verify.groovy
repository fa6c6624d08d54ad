// The assembly holds the twin's stack with the outputs every other goal reads.
import groovy.json.JsonSlurper
def cdkOut = new File(basedir, "target/cdk.out")
def manifest = new JsonSlurper().parse(new File(cdkOut, "manifest.json"))
assert manifest.version ==~ /\d+\.\d+\.\d+/
assert manifest.artifacts.containsKey("twin-ana-dev")
def template = new JsonSlurper().parse(new File(cdkOut, "twin-ana-dev.template.json"))
["FrontendBucketName", "MemoryBucketName", "DistributionId", "ApiKeySecretArn"].each { name ->
    assert template.Outputs.containsKey(name) : "output missing: " + name
}
return true
