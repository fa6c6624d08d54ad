package dev.twin.maven.owner;

import java.time.Instant;

/** Value: one object of the memory bucket (or file of the local memory directory). */
public record StoredObject(String key, Instant lastModified, long size) {}
