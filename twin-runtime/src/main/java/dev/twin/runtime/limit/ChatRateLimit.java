package dev.twin.runtime.limit;

import dev.twin.runtime.chat.SessionId;
import java.time.Clock;

/**
 * The per-client limit on chat turns (the only requests that cost model money): one token bucket
 * per client address and one per conversation. A turn without a session id (a new conversation) is
 * admitted on its address alone (a new id per request would dodge a conversation bucket) and then
 * counted against the conversation it started. Unknown and loopback addresses are not limited per
 * address: loopback is the owner on their own machine (or a local proxy, behind which every visitor
 * would share one key); the Lambda front never hands over a loopback address (see {@link
 * ClientAddress}).
 */
public final class ChatRateLimit {

    /** Why a turn was refused, and when to come back. */
    public record Denial(String message, long retryAfterSeconds) {}

    private static final ChatRateLimit OFF = new ChatRateLimit(null, null);

    private final RateLimiter perAddress;
    private final RateLimiter perSession;

    private ChatRateLimit(RateLimiter perAddress, RateLimiter perSession) {
        this.perAddress = perAddress;
        this.perSession = perSession;
    }

    /** No limit (tests that replay many turns, priming). */
    public static ChatRateLimit off() {
        return OFF;
    }

    /**
     * Limits per address and per session; a {@code perMinute} of 0 turns that limit off.
     *
     * @param maxClients most buckets each limiter keeps (memory bound under key rotation)
     */
    public static ChatRateLimit of(
            int addressPerMinute,
            int addressBurst,
            int sessionPerMinute,
            int sessionBurst,
            int maxClients,
            Clock clock) {
        return new ChatRateLimit(
                addressPerMinute > 0
                        ? new RateLimiter(addressPerMinute, addressBurst, maxClients, clock)
                        : null,
                sessionPerMinute > 0
                        ? new RateLimiter(sessionPerMinute, sessionBurst, maxClients, clock)
                        : null);
    }

    /**
     * Counts one turn.
     *
     * @param clientAddress the client's address as the front found it, or {@code null} when unknown
     * @param sessionId the conversation, or {@code null} for a new one
     * @return {@code null} when the turn may go ahead, else why not
     */
    public Denial admit(String clientAddress, SessionId sessionId) {
        if (perSession != null && sessionId != null) {
            long wait = perSession.tryAcquire(sessionId.value());
            if (wait > 0) {
                return new Denial(
                        "too many messages in this conversation; wait "
                                + seconds(wait)
                                + " and try again",
                        wait);
            }
        }
        String key = ClientAddress.limitKey(clientAddress);
        if (perAddress != null && key != null) {
            long wait = perAddress.tryAcquire(key);
            if (wait > 0) {
                return new Denial(
                        "too many messages from your network address; wait "
                                + seconds(wait)
                                + " and try again",
                        wait);
            }
        }
        return null;
    }

    /**
     * Counts a new conversation's first turn against that conversation too (it had no id to count
     * under).
     */
    public void started(SessionId sessionId) {
        if (perSession != null) {
            perSession.tryAcquire(sessionId.value());
        }
    }

    private static String seconds(long s) {
        return s == 1 ? "1 second" : s + " seconds";
    }
}
