package dev.twin.runtime.adapter.local;

import dev.twin.runtime.port.LeadStore;
import dev.twin.runtime.port.LeadStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class LocalLeadStoreTest extends LeadStoreContract {

    @TempDir Path memoryDir;

    @Override
    protected LeadStore newStore() {
        return new LocalLeadStore(memoryDir);
    }

    @Override
    protected Map<String, byte[]> stored(String prefix) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        Path root = memoryDir.resolve(prefix);
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(
                        memoryDir.relativize(f).toString().replace('\\', '/'),
                        Files.readAllBytes(f));
            }
        }
        return out;
    }
}
