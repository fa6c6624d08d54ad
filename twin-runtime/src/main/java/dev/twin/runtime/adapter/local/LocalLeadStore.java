package dev.twin.runtime.adapter.local;

import dev.twin.runtime.owner.Lead;
import dev.twin.runtime.owner.OwnerRecords;
import dev.twin.runtime.owner.UnknownQuestion;
import dev.twin.runtime.port.LeadStore;
import dev.twin.runtime.port.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Adapter: the owner's records as files in the memory directory, the bucket's layout ({@code
 * leads/{day}/{uuid}.json}, {@code unknown/{day}/{uuid}.json}). Files are created new, never
 * replaced.
 */
public final class LocalLeadStore implements LeadStore {

    private final Path dir;

    public LocalLeadStore(Path memoryDir) {
        this.dir = memoryDir.toAbsolutePath().normalize();
    }

    @Override
    public void record(Lead lead) {
        write(OwnerRecords.key(lead), OwnerRecords.encode(lead));
    }

    @Override
    public void record(UnknownQuestion question) {
        write(OwnerRecords.key(question), OwnerRecords.encode(question));
    }

    /** The key is built from a UTC date and a UUID, so it cannot leave the directory. */
    private void write(String key, byte[] body) {
        Path file = dir.resolve(key);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, body, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot write " + file + ": " + e, e);
        }
    }

    @Override
    public String describe() {
        return "local directory " + dir + "/{leads,unknown}/";
    }
}
