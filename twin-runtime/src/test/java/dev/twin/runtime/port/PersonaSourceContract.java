package dev.twin.runtime.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.chat.Persona;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Contract every {@link PersonaSource} adapter passes. A subclass provides a source over an
 * initially empty location (directory or S3 prefix) and ways to change files there; time is a
 * {@link MutableClock}, so revalidation is tested without sleeping.
 */
public abstract class PersonaSourceContract {

    protected static final Duration INTERVAL = Duration.ofSeconds(60);

    /** A source over the (initially empty) location that {@link #writeFile} changes. */
    protected abstract PersonaSource newSource(Clock clock, Duration revalidateEvery)
            throws Exception;

    /** Creates or replaces a file, in a way the source can detect (new mtime / ETag). */
    protected abstract void writeFile(String name, String content) throws Exception;

    protected abstract void deleteFile(String name) throws Exception;

    @Test
    void current_withoutMeTxt_throwsPersonaUnavailable() throws Exception {
        writeFile("summary.txt", "only a summary");
        PersonaSource source = newSource(new MutableClock(), INTERVAL);

        assertThatThrownBy(source::current)
                .isInstanceOf(PersonaUnavailableException.class)
                .hasMessageContaining("me.txt");
    }

    @Test
    void current_foldsEveryPersonaFile_andIgnoresOthers() throws Exception {
        // Given
        writeFile("me.txt", "I am Ana.");
        writeFile("summary.txt", "Engineer.");
        writeFile("style.txt", "Dry humour.");
        writeFile("facts.json", "{\"city\": \"Porto\"}");
        writeFile("linkedin.txt", "Worked at ACME.");
        writeFile("projects.md", "# Projects");
        writeFile(".hidden.txt", "secret draft");
        writeFile("photo.png", "not text");
        writeFile("linkedin.pdf", "%PDF");
        writeFile("other.json", "{}");

        // When
        Persona persona = newSource(new MutableClock(), INTERVAL).current();

        // Then
        assertThat(persona.files())
                .containsOnlyKeys(
                        "me.txt",
                        "summary.txt",
                        "style.txt",
                        "facts.json",
                        "linkedin.txt",
                        "projects.md");
        assertThat(persona.me()).isEqualTo("I am Ana.");
        assertThat(persona.files()).containsEntry("facts.json", "{\"city\": \"Porto\"}");
    }

    @Test
    void current_beforeTheInterval_doesNotSeeAnEdit() throws Exception {
        // Given
        writeFile("me.txt", "version one");
        MutableClock clock = new MutableClock();
        PersonaSource source = newSource(clock, INTERVAL);
        Persona first = source.current();

        // When
        writeFile("me.txt", "version two, longer");
        clock.advance(INTERVAL.minusSeconds(1));

        // Then: served from the cache, the same instance (so prompts built from it are reused)
        assertThat(source.current()).isSameAs(first);
        assertThat(first.me()).isEqualTo("version one");
    }

    @Test
    void current_afterTheInterval_seesAnEditAndANewFile() throws Exception {
        // Given
        writeFile("me.txt", "version one");
        MutableClock clock = new MutableClock();
        PersonaSource source = newSource(clock, INTERVAL);
        source.current();

        // When
        writeFile("me.txt", "version two, longer");
        writeFile("style.txt", "Brief.");
        clock.advance(INTERVAL.plusSeconds(1));

        // Then
        Persona now = source.current();
        assertThat(now.me()).isEqualTo("version two, longer");
        assertThat(now.files()).containsEntry("style.txt", "Brief.");
    }

    @Test
    void current_afterTheInterval_unchangedFiles_keepTheSameInstance() throws Exception {
        writeFile("me.txt", "steady");
        MutableClock clock = new MutableClock();
        PersonaSource source = newSource(clock, INTERVAL);
        Persona first = source.current();

        clock.advance(INTERVAL.multipliedBy(3));

        assertThat(source.current()).isSameAs(first);
    }

    @Test
    void current_afterTheInterval_seesADeletedExtraFileGone() throws Exception {
        writeFile("me.txt", "me");
        writeFile("summary.txt", "old summary");
        MutableClock clock = new MutableClock();
        PersonaSource source = newSource(clock, INTERVAL);
        assertThat(source.current().files()).containsKey("summary.txt");

        deleteFile("summary.txt");
        clock.advance(INTERVAL.plusSeconds(1));

        assertThat(source.current().files()).doesNotContainKey("summary.txt");
    }
}
