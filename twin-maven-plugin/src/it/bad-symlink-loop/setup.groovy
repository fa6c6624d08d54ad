import java.nio.file.Files
// Created here, not committed: a looping link would trip up the copy of the fixture itself.
def assets = new File(basedir, "site/assets").toPath()
Files.createDirectories(assets)
Files.createSymbolicLink(assets.resolve("loop"), assets.getParent())
return true
