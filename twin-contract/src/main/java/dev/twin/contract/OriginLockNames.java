package dev.twin.contract;

/**
 * The origin lock's names: the header CloudFront adds to every API request (the constructs set it,
 * the runtime checks it) and the JSON fields of the secret holding its value.
 */
public final class OriginLockNames {
    private OriginLockNames() {}

    /** The header, lower case (the runtime's fronts normalise header names). */
    public static final String HEADER = "x-twin-origin-verify";

    /** The secret's field CloudFront sends. */
    public static final String CURRENT_FIELD = "current";

    /** The secret's field also accepted during a rotation. */
    public static final String PREVIOUS_FIELD = "previous";
}
