// twin:invalidate's help lists its own parameters (and the shared ones), not the persona's or the site's.
def log = new File(basedir, "build.log").text
["twin.wait", "twin.waitTimeout", "twin.invalidation.maxPaths", "twin.skipInvalidate", "twin.env",
 "twin.region", "twin.profile", "twin.endpoint.cloudfront"].each { p ->
    assert log.contains(p) : "property missing from twin:invalidate's help: " + p
}
["twin.personaDir", "twin.siteDir", "twin.publish.threads", "twin.modelId", "twin.appClass", "twin.confirm"].each { p ->
    assert !log.contains(p) : "twin:invalidate's help shows a parameter it does not read: " + p
}
return true
