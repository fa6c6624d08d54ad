package dev.twin.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonaTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "me.txt",
                "summary.txt",
                "style.txt",
                "facts.json",
                "linkedin.txt",
                "projects.md",
                "Notes.TXT",
                "talks.MD"
            })
    void isPersonaFile_acceptsPersonaFiles(String name) {
        assertThat(Persona.isPersonaFile(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ".hidden.txt",
                ".DS_Store",
                "linkedin.pdf",
                "photo.png",
                "other.json",
                "sub/me.txt",
                "sub\\me.txt",
                "draft.txt~",
                ".txt",
                "",
                "README"
            })
    void isPersonaFile_refusesEverythingElse(String name) {
        assertThat(Persona.isPersonaFile(name)).isFalse();
    }

    @Test
    void orderedFiles_putsKnownFilesFirstThenTheRestByName_skippingBlankOnes() {
        Persona p =
                new Persona(
                        Map.of(
                                "zeta.md",
                                "z",
                                "facts.json",
                                "{}",
                                "me.txt",
                                "me",
                                "alpha.txt",
                                "a",
                                "style.txt",
                                "  ",
                                "summary.txt",
                                "s"));

        assertThat(p.orderedFiles())
                .extracting(Map.Entry::getKey)
                .containsExactly("me.txt", "summary.txt", "facts.json", "alpha.txt", "zeta.md");
    }

    @Test
    void new_withoutMe_isRefused() {
        assertThatThrownBy(() -> new Persona(Map.of("summary.txt", "s")))
                .hasMessageContaining("me.txt");
    }
}
