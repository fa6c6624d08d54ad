package dev.twin.runtime.port;

import dev.twin.runtime.owner.Lead;
import dev.twin.runtime.owner.UnknownQuestion;

/**
 * Outgoing port: keeps what the model's tools record for the owner, one new object per record
 * ({@code leads/…}, {@code unknown/…}; layout in {@code OwnerRecords}). Never overwrites.
 */
public interface LeadStore {

    /**
     * @throws StoreUnavailableException when the backing store cannot be reached or refuses
     */
    void record(Lead lead);

    /**
     * @throws StoreUnavailableException when the backing store cannot be reached or refuses
     */
    void record(UnknownQuestion question);

    /** One line for the startup banner. */
    String describe();
}
