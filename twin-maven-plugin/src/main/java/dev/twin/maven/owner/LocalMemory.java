package dev.twin.maven.owner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Adapter: a local memory directory ({@code target/twin/local/memory}, what twin:run writes). */
public final class LocalMemory implements Memory {

    private final Path dir;

    public LocalMemory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public List<StoredObject> list(String prefix) {
        // S3 prefixes need not end at a folder: walk the folder part, then filter on the whole
        int slash = prefix.lastIndexOf('/');
        Path root = slash < 0 ? dir : dir.resolve(prefix.substring(0, slash));
        List<StoredObject> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // a write in progress (temp file of the runtime's atomic replace)
                }
                String key = dir.relativize(f).toString().replace('\\', '/');
                if (!key.startsWith(prefix)) {
                    continue;
                }
                out.add(
                        new StoredObject(
                                key, Files.getLastModifiedTime(f).toInstant(), Files.size(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        return out;
    }

    @Override
    public byte[] read(String key) {
        Path file = dir.resolve(key).normalize();
        if (!file.startsWith(dir)) {
            throw new IllegalArgumentException("key " + key + " is outside " + dir);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    @Override
    public String describe() {
        return dir.toString();
    }
}
