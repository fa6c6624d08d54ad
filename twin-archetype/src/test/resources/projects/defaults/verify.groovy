// The generated project has everything its owner needs, and built green (goal.txt ran verify).
def project = new File(basedir, "project/my-twin")
[
  "pom.xml", "README.md", ".gitignore", ".github/workflows/deploy.yml", ".mvn/jvm.config",
  "persona/me.txt", "persona/summary.txt", "persona/style.txt", "persona/facts.json",
  "src/main/java/com/example/TwinApp.java", "src/test/java/com/example/TwinAppTest.java",
  "src/main/site/avatar.svg", "src/main/site/theme.css",
].each { assert new File(project, it).isFile() : "missing $it" }
def pom = new File(project, "pom.xml").text
assert pom.contains("<twin.displayName>My Twin</twin.displayName>")
assert pom.contains("<twin.region>us-east-1</twin.region>")
assert !pom.contains('@project.version@') : "twin version was not filtered into the generated pom"
// every plugin version comes from twin's own build (filtered from the parent POM's properties), none by hand
def unfiltered = (pom =~ /@[A-Za-z.-]+@/).collect { it }
assert unfiltered.isEmpty() : "not filtered into the generated pom: $unfiltered"
def pluginVersions = (pom =~ /<artifactId>(maven-[a-z]+-plugin)<\/artifactId>\s*<version>([^<]+)<\/version>/).collect { it[1] + ":" + it[2] }
assert pluginVersions.size() >= 8 : "expected the build plugins pinned in the generated pom: $pluginVersions"
def workflow = new File(project, ".github/workflows/deploy.yml").text
assert workflow.contains("id-token: write") && workflow.contains("role-to-assume")
assert !workflow.contains("aws-access-key-id") : "the workflow must not use long-lived keys"
assert new File(project, "target/surefire-reports").isDirectory() : "the generated project's tests did not run"
new groovy.json.JsonSlurper().parse(new File(project, "persona/facts.json"))
return true
