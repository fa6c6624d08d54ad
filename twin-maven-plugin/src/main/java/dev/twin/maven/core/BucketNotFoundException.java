package dev.twin.maven.core;

/**
 * The bucket named by the stack outputs does not exist (stack deleted, or outputs of another
 * account).
 */
public final class BucketNotFoundException extends TwinException {

    private final String bucket;

    public BucketNotFoundException(String bucket) {
        super(
                "Bucket "
                        + bucket
                        + " does not exist — the stack may have been destroyed; run `mvn twin:deploy`, or "
                        + "delete target/twin/<env>/outputs.json if it is stale");
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }
}
