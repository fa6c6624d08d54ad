package dev.twin.runtime.adapter.local;

import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.StoreUnavailableException;
import dev.twin.runtime.port.VersionConflictException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Adapter: conversations as {@code <dir>/conversations/{session_id}.json}, the bucket's layout. The
 * version is a hash of the file's bytes; a put compares it under a per-session lock and replaces
 * the file atomically (temp file + rename), so a reader never sees half a file and two requests in
 * this process never lose a turn. Other processes writing the same directory are not coordinated (a
 * dev server is one process).
 */
public final class LocalConversationStore implements ConversationStore {

    /** Striped locks: bounded memory however many sessions there are. */
    private static final int STRIPES = 64;

    private final Path dir;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    /**
     * @param memoryDir the memory directory; {@code conversations/} is created inside it when
     *     needed
     */
    public LocalConversationStore(Path memoryDir) {
        this.dir = memoryDir.toAbsolutePath().normalize().resolve("conversations");
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Override
    public Optional<Versioned<Conversation>> find(SessionId id) {
        byte[] bytes = read(id);
        if (bytes == null) {
            return Optional.empty();
        }
        return Optional.of(new Versioned<>(ConversationCodec.decode(bytes, id), versionOf(bytes)));
    }

    @Override
    public String put(Conversation conversation, String expectedVersion) {
        SessionId id = conversation.sessionId();
        byte[] bytes = ConversationCodec.encode(conversation);
        ReentrantLock lock = locks[Math.floorMod(id.value().hashCode(), STRIPES)];
        lock.lock();
        try {
            byte[] existing = read(id);
            if (expectedVersion == null && existing != null) {
                throw new VersionConflictException("conversation " + id + " already exists");
            }
            if (expectedVersion != null
                    && (existing == null || !versionOf(existing).equals(expectedVersion))) {
                throw new VersionConflictException(
                        "conversation " + id + " changed since version " + expectedVersion);
            }
            write(id, bytes);
            return versionOf(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** A local directory keeps one version: the file. Under the lock, so no put races it. */
    @Override
    public boolean delete(SessionId id) {
        ReentrantLock lock = locks[Math.floorMod(id.value().hashCode(), STRIPES)];
        lock.lock();
        try {
            return Files.deleteIfExists(fileOf(id));
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot delete " + fileOf(id) + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String describe() {
        return "local directory " + dir;
    }

    /**
     * Where a session's file lives (the id is a validated UUID, so it cannot escape the directory).
     */
    public Path fileOf(SessionId id) {
        return dir.resolve(id.value() + ".json");
    }

    private byte[] read(SessionId id) {
        try {
            return Files.readAllBytes(fileOf(id));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read " + fileOf(id) + ": " + e, e);
        }
    }

    private void write(SessionId id, byte[] bytes) {
        Path target = fileOf(id);
        Path tmp =
                dir.resolve(
                        "."
                                + id.value()
                                + "."
                                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                                + ".tmp");
        try {
            Files.createDirectories(dir);
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
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
            throw new StoreUnavailableException("cannot write " + target + ": " + e, e);
        }
    }

    /**
     * Length plus a 64-bit FNV-1a hash of the content. Not a security boundary (writers are this
     * process); it only has to tell successive versions of one conversation apart, and avoiding
     * MessageDigest keeps the JCA provider machinery out of a cold start.
     */
    static String versionOf(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return Integer.toHexString(bytes.length) + "-" + Long.toHexString(h);
    }
}
