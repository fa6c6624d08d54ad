// twin:run forked the runtime's local server with the staged site, persona and memory dir, then stopped it.
import groovy.json.JsonSlurper
def log = new File(basedir, "build.log").text
assert log.contains("is running at http://localhost:") : "the local server did not start"
assert log.contains("Stopping after 8 s")
def site = new File(basedir, "target/twin/local/site")
assert new File(site, "index.html").isFile() : "bundled twin-site not staged"
assert new File(site, "theme.css").text.contains("theme override") : "project override not staged"
def config = new JsonSlurper().parse(new File(site, "config.json"))
assert config.apiUrl == "/api"
assert config.twinName == "Ana"
assert config.streaming == true : "twin:run serves /api/chat/stream, so the page streams"
assert new File(basedir, "target/twin/local/memory").isDirectory()
// the class-data archive the next run maps (written at exit on every JDK twin runs on), and its notes kept out
assert new File(basedir, "target/twin/local/twin-cds.jsa").isFile() : "no class-data archive written at exit"
assert !log.contains("[warning][cds]") : "CDS notes in twin:run's output"
return true
