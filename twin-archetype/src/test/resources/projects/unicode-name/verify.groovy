def project = new File(basedir, "project/zoe-twin")
def pom = new File(project, "pom.xml").getText("UTF-8")
assert pom.contains("<twin.displayName>Zoë O'Bríain-Müller</twin.displayName>")
assert new File(project, "README.md").getText("UTF-8").startsWith("# Zoë O'Bríain-Müller")
assert new File(project, "target/surefire-reports").isDirectory()
return true
