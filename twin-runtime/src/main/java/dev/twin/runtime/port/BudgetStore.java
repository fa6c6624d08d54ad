package dev.twin.runtime.port;

import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.limit.BudgetDay;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Outgoing port: keeps the fleet-wide daily model budget, one record per UTC day, written
 * compare-and-swap so every process and Lambda execution environment shares one counter.
 */
public interface BudgetStore {

    /**
     * Today's (or any day's) record.
     *
     * @throws StoreUnavailableException when the store cannot be reached, or the record is
     *     unreadable
     */
    Optional<Versioned<BudgetDay>> find(LocalDate day);

    /**
     * Writes a day's record if the stored version is still {@code expectedVersion}.
     *
     * @param expectedVersion the version read before, or {@code null} to create (fails if it
     *     exists)
     * @return the new version
     * @throws VersionConflictException when another process wrote first
     * @throws StoreUnavailableException when the store cannot be reached
     */
    String put(BudgetDay record, String expectedVersion);

    /** One line for the startup banner, e.g. {@code "s3://bucket/budget/"}. */
    String describe();
}
