package dev.twin.contract;

/**
 * Where things live in a twin's memory bucket: the constructs scope the function's role to these
 * prefixes, the runtime reads and writes under them, the plugin uploads and lists under them.
 */
public final class MemoryBucketLayout {
    private MemoryBucketLayout() {}

    /** The persona files (default of {@link RuntimeEnv#PERSONA_PREFIX}). */
    public static final String PERSONA_PREFIX = "persona/";

    /** The stored conversations, one {@code <id>.json} each. */
    public static final String CONVERSATIONS_PREFIX = "conversations/";

    /** The shared daily model budget, one {@code <yyyy-mm-dd>.json} per UTC day. */
    public static final String BUDGET_PREFIX = "budget/";

    /**
     * Contacts the model's {@code record_contact} tool keeps: {@code
     * leads/{yyyy-mm-dd}/{uuid}.json}.
     */
    public static final String LEADS_PREFIX = "leads/";

    /**
     * Questions the model's {@code record_unknown_question} tool keeps: {@code
     * unknown/{yyyy-mm-dd}/{uuid}.json}.
     */
    public static final String UNKNOWN_PREFIX = "unknown/";
}
