package dev.twin.maven.owner;

import java.util.List;

/**
 * Port: read access to a twin's memory (the deployed stack's bucket, or {@code
 * target/twin/local/memory}), with the bucket's layout: {@code conversations/}, {@code leads/},
 * {@code unknown/}.
 */
public interface Memory {

    /** Every object under {@code prefix}, in no particular order. */
    List<StoredObject> list(String prefix);

    /** The object's bytes. */
    byte[] read(String key);

    /** Where this memory is, for messages ("s3://bucket", a directory). */
    String describe();
}
