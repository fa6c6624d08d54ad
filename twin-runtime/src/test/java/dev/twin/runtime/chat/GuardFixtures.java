package dev.twin.runtime.chat;

import dev.twin.runtime.port.PersonaSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test fixtures for the reply guard: a fictional persona with Markdown and JSON, and generated
 * personas of any size.
 */
public final class GuardFixtures {

    public static final String TWIN = "Bruno Keller";
    private static final String DIR = "injection-persona/";
    private static final List<String> FILES =
            List.of("me.txt", "summary.txt", "style.txt", "facts.json", "projects.md");

    private GuardFixtures() {}

    /**
     * Bruno Keller: me.txt (Markdown), summary.txt, style.txt, facts.json and projects.md, about
     * 2.7 KB.
     */
    public static Persona persona() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : FILES) {
            try (InputStream in =
                    GuardFixtures.class.getClassLoader().getResourceAsStream(DIR + name)) {
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Persona(files);
    }

    /**
     * A persona whose me.txt has about {@code chars} characters of varied, seeded prose (for size
     * and cost).
     */
    public static Persona generated(int chars, long seed) {
        String[] subjects = {
            "I", "My studio", "The team", "Our client", "The city", "My sister", "A neighbour"
        };
        String[] verbs = {
            "planted",
            "designed",
            "repaired",
            "measured",
            "painted",
            "restored",
            "mapped",
            "visited"
        };
        String[] objects = {
            "a willow tunnel",
            "the canal bank",
            "forty rain beds",
            "an old orchard",
            "the school yard",
            "a rooftop meadow",
            "the harbour wall",
            "a reed bed",
            "the bakery garden",
            "three bridges"
        };
        String[] tails = {
            "in the spring of",
            "before the floods of",
            "with volunteers in",
            "for the festival of",
            "after the storm of",
            "on a budget set in"
        };
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(chars + 200);
        while (b.length() < chars) {
            b.append(subjects[r.nextInt(subjects.length)])
                    .append(' ')
                    .append(verbs[r.nextInt(verbs.length)])
                    .append(' ')
                    .append(objects[r.nextInt(objects.length)])
                    .append(' ')
                    .append(tails[r.nextInt(tails.length)])
                    .append(' ')
                    .append(1950 + r.nextInt(75))
                    .append(", number ")
                    .append(r.nextInt(100_000))
                    .append(". ");
            if (r.nextInt(6) == 0) {
                b.append("\n\n");
            }
        }
        return new Persona(Map.of(Persona.ME, b.toString()));
    }

    /**
     * A persona source that always answers {@code persona} (the same instance, as real sources do
     * until an edit).
     */
    public static PersonaSource fixed(Persona persona) {
        return new PersonaSource() {
            @Override
            public Persona current() {
                return persona;
            }

            @Override
            public String describe() {
                return "fixed test persona";
            }
        };
    }

    /** The rules part of the prompt, as {@link SystemPrompt} writes it (package-private there). */
    public static String rules(String twinName) {
        return SystemPrompt.rules(twinName);
    }
}
