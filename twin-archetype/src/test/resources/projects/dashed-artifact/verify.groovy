def project = new File(basedir, "project/twin-2026-v2")
assert new File(project, "pom.xml").text.contains("<twin.name>twin-2026-v2</twin.name>")
assert new File(project, "target/surefire-reports").isDirectory()
return true
