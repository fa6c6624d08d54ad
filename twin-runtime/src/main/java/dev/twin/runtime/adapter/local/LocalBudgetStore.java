package dev.twin.runtime.adapter.local;

import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.limit.BudgetDay;
import dev.twin.runtime.port.BudgetStore;
import dev.twin.runtime.port.StoreUnavailableException;
import dev.twin.runtime.port.VersionConflictException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Adapter: the shared daily budget as {@code <dir>/budget/{yyyy-mm-dd}.json}, the bucket's layout.
 * A put compares the version (a hash of the bytes) and replaces the file (temp file + atomic
 * rename) while holding an OS file lock on {@code budget/.lock}, so several processes sharing one
 * memory directory (two {@code twin:run}, a test harness) share one counter. Reads take no lock:
 * the rename makes every read see a whole file.
 */
public final class LocalBudgetStore implements BudgetStore {

    /** A JVM may hold a file's OS lock only once; threads of this process queue here first. */
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final Path dir;

    /**
     * @param memoryDir the memory directory; {@code budget/} is created inside it when needed
     */
    public LocalBudgetStore(Path memoryDir) {
        this.dir = memoryDir.toAbsolutePath().normalize().resolve("budget");
    }

    @Override
    public Optional<Versioned<BudgetDay>> find(LocalDate day) {
        byte[] bytes = read(day);
        if (bytes == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Versioned<>(decode(bytes, day), LocalConversationStore.versionOf(bytes)));
    }

    @Override
    public String put(BudgetDay record, String expectedVersion) {
        byte[] bytes = record.encode();
        IN_PROCESS.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel lockFile =
                            FileChannel.open(
                                    dir.resolve(".lock"),
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE);
                    FileLock held = lockFile.lock()) {
                byte[] existing = read(record.day());
                if (expectedVersion == null && existing != null) {
                    throw new VersionConflictException(fileOf(record.day()) + " already exists");
                }
                if (expectedVersion != null
                        && (existing == null
                                || !LocalConversationStore.versionOf(existing)
                                        .equals(expectedVersion))) {
                    throw new VersionConflictException(
                            fileOf(record.day()) + " changed since version " + expectedVersion);
                }
                write(record.day(), bytes);
                return LocalConversationStore.versionOf(bytes);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException(
                    "cannot lock or write " + fileOf(record.day()) + ": " + e, e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    @Override
    public String describe() {
        return "local directory " + dir;
    }

    /** Where a day's record lives. */
    public Path fileOf(LocalDate day) {
        return dir.resolve(day + ".json");
    }

    private BudgetDay decode(byte[] bytes, LocalDate day) {
        try {
            return BudgetDay.decode(bytes, day);
        } catch (IllegalArgumentException e) {
            throw new StoreUnavailableException(
                    fileOf(day)
                            + " is not a budget record ("
                            + e.getMessage()
                            + "); delete it to start the day's count again",
                    e);
        }
    }

    private byte[] read(LocalDate day) {
        try {
            return Files.readAllBytes(fileOf(day));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read " + fileOf(day) + ": " + e, e);
        }
    }

    private void write(LocalDate day, byte[] bytes) throws IOException {
        Path target = fileOf(day);
        Path tmp =
                dir.resolve(
                        "."
                                + day
                                + "."
                                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                                + ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
