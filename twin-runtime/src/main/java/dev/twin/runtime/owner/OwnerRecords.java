package dev.twin.runtime.owner;

import dev.twin.contract.MemoryBucketLayout;
import dev.twin.runtime.json.Json;
import java.time.ZoneOffset;

/**
 * The stored layout of the owner's records, shared by every {@code LeadStore} adapter: {@code
 * leads/{yyyy-mm-dd}/{uuid}.json} = {@code {"email","name"?,"note"?,"session_id","created"}} and
 * {@code unknown/{yyyy-mm-dd}/{uuid}.json} = {@code {"question","session_id","created"}} (the day
 * is the UTC day of {@code created}).
 */
public final class OwnerRecords {

    public static final String LEADS_PREFIX = MemoryBucketLayout.LEADS_PREFIX;
    public static final String UNKNOWN_PREFIX = MemoryBucketLayout.UNKNOWN_PREFIX;

    private OwnerRecords() {}

    public static String key(Lead lead) {
        return LEADS_PREFIX
                + lead.created().atOffset(ZoneOffset.UTC).toLocalDate()
                + "/"
                + lead.id()
                + ".json";
    }

    public static String key(UnknownQuestion q) {
        return UNKNOWN_PREFIX
                + q.created().atOffset(ZoneOffset.UTC).toLocalDate()
                + "/"
                + q.id()
                + ".json";
    }

    public static byte[] encode(Lead lead) {
        return Json.write(
                256,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("email", lead.email());
                    if (lead.name() != null) {
                        g.writeStringField("name", lead.name());
                    }
                    if (lead.note() != null) {
                        g.writeStringField("note", lead.note());
                    }
                    g.writeStringField("session_id", lead.sessionId().value());
                    g.writeStringField("created", lead.created().toString());
                    g.writeEndObject();
                });
    }

    public static byte[] encode(UnknownQuestion q) {
        return Json.write(
                256,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("question", q.question());
                    g.writeStringField("session_id", q.sessionId().value());
                    g.writeStringField("created", q.created().toString());
                    g.writeEndObject();
                });
    }
}
