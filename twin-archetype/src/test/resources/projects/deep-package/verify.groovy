def project = new File(basedir, "project/deep-twin")
assert new File(project, "src/main/java/com/example/platform/people/twins/digital/chat/site/TwinApp.java").isFile()
assert new File(project, "target/surefire-reports").isDirectory()
return true
