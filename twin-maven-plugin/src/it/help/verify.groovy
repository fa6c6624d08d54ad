// twin:help -Ddetail documents every goal and the shared properties.
def log = new File(basedir, "build.log").text
["bootstrap", "deploy", "destroy", "diff", "help", "invalidate", "outputs", "publish-frontend", "run",
 "set-api-key", "synth", "upload-persona"].each { goal ->
    assert log.contains("twin:" + goal) : "goal missing from help: " + goal
}
["twin.env", "twin.skip", "twin.endpoint.s3", "twin.endpoint.cloudfront", "twin.endpoint.secretsmanager",
 "twin.endpoint.cloudformation", "twin.region", "twin.profile", "twin.dryRun", "twin.confirm", "twin.personaDir"].each { p ->
    assert log.contains(p) : "property missing from help: " + p
}
return true
