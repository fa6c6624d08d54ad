package dev.twin.runtime.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.limit.BudgetDay;
import dev.twin.runtime.port.BudgetStore;
import dev.twin.runtime.port.BudgetStoreContract;
import dev.twin.runtime.port.StoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBudgetStoreTest extends BudgetStoreContract {

    @TempDir Path memoryDir;

    @Override
    protected BudgetStore newStore() {
        return new LocalBudgetStore(memoryDir);
    }

    @Override
    protected BudgetStore sameStorage() {
        return new LocalBudgetStore(memoryDir);
    }

    @Override
    protected byte[] storedBytes(LocalDate day) throws Exception {
        Path file = memoryDir.resolve("budget").resolve(day + ".json");
        return Files.exists(file) ? Files.readAllBytes(file) : null;
    }

    @Override
    protected void writeStoredBytes(LocalDate day, byte[] bytes) throws Exception {
        Files.write(
                Files.createDirectories(memoryDir.resolve("budget")).resolve(day + ".json"), bytes);
    }

    @Test
    void put_leavesNoTempFilesBehind() throws Exception {
        store.put(new BudgetDay(DAY, 1, 0), null);

        try (var files = Files.list(memoryDir.resolve("budget"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("2026-12-06.json", ".lock");
        }
    }

    @Test
    void put_whereTheDirectoryCannotBeCreated_isStoreUnavailable() throws Exception {
        Path file = Files.writeString(memoryDir.resolve("not-a-dir"), "x");
        LocalBudgetStore blocked = new LocalBudgetStore(file);

        assertThatThrownBy(() -> blocked.put(new BudgetDay(DAY, 1, 0), null))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("budget");
    }
}
