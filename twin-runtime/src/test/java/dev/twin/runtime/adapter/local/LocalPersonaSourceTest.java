package dev.twin.runtime.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.PersonaSourceContract;
import dev.twin.runtime.port.PersonaUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPersonaSourceTest extends PersonaSourceContract {

    @TempDir Path dir;

    /**
     * File systems with coarse timestamps would hide quick edits; give each write its own mtime.
     */
    private final AtomicLong mtime =
            new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());

    @Override
    protected PersonaSource newSource(Clock clock, Duration revalidateEvery) {
        return new LocalPersonaSource(dir, revalidateEvery, clock);
    }

    @Override
    protected void writeFile(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(mtime.addAndGet(10))));
    }

    @Override
    protected void deleteFile(String name) throws Exception {
        Files.delete(dir.resolve(name));
    }

    @Test
    void current_missingDirectory_saysWhichAndHowToFixIt() {
        Path missing = dir.resolve("nope");
        PersonaSource source = new LocalPersonaSource(missing, INTERVAL, new MutableClock());

        assertThatThrownBy(source::current)
                .isInstanceOf(PersonaUnavailableException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("TWIN_PERSONA_DIR");
    }

    @Test
    void current_meTxtDeletedLater_keepsServingTheLastGoodPersona() throws Exception {
        writeFile("me.txt", "still me");
        MutableClock clock = new MutableClock();
        PersonaSource source = newSource(clock, INTERVAL);
        source.current();

        deleteFile("me.txt");
        clock.advance(INTERVAL.plusSeconds(1));

        assertThat(source.current().me()).isEqualTo("still me");
    }

    @Test
    void current_stripsAByteOrderMark() throws Exception {
        writeFile("me.txt", "\uFEFFI am Ana.");

        assertThat(newSource(new MutableClock(), INTERVAL).current().me()).isEqualTo("I am Ana.");
    }
}
