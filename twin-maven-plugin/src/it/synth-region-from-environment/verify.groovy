// AWS_REGION=eu-west-1 alone reached the synth: the stack targets eu-west-1 and the default model
// is the EU inference profile, not the US one.
import groovy.json.JsonSlurper
def cdkOut = new File(basedir, "target/cdk.out")
def manifest = new JsonSlurper().parse(new File(cdkOut, "manifest.json"))
def stack = manifest.artifacts["twin-ana-dev"]
assert stack.environment ==~ /aws:\/\/[^\/]+\/eu-west-1/ : "stack environment: " + stack.environment
def template = new JsonSlurper().parse(new File(cdkOut, "twin-ana-dev.template.json"))
def modelIds = template.Resources.values()
        .findAll { it.Type == "AWS::Lambda::Function" }
        .collect { it.Properties?.Environment?.Variables?.TWIN_MODEL_ID }
        .findAll { it != null }
assert !modelIds.isEmpty() : "no TWIN_MODEL_ID in the template"
modelIds.each { id ->
    assert id instanceof String && id.startsWith("eu.") : "default model id for eu-west-1: " + id
}
def log = new File(basedir, "build.log").text
assert log.contains("Synthesizing for region eu-west-1")
return true
