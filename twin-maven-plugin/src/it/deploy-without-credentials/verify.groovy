// The build failed with the messages in expected-messages.txt, and without a stack trace.
def log = new File(basedir, "build.log").text
new File(basedir, "expected-messages.txt").eachLine { expected ->
    assert log.contains(expected) : "expected in build.log: " + expected
}
assert !log.contains("\tat dev.twin.") : "a user error must be a message, not a stack trace"
// failed fast: nothing was synthesized and no CLI ran
assert !new File(basedir, "target/cdk.out").exists()
return true
