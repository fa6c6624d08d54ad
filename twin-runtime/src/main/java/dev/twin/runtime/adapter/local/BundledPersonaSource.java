package dev.twin.runtime.adapter.local;

import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.PersonaUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter: the clearly fictional sample persona shipped in the jar, used when no persona directory
 * is configured so that a first local run works out of the box.
 */
public final class BundledPersonaSource implements PersonaSource {

    /** Classpath folder of the sample persona. */
    public static final String RESOURCE_DIR = "dev/twin/runtime/sample-persona/";

    private static final List<String> FILES =
            List.of(Persona.ME, Persona.SUMMARY, Persona.STYLE, Persona.FACTS);

    private final Persona persona;

    public BundledPersonaSource() {
        Map<String, String> files = new LinkedHashMap<>();
        ClassLoader loader = BundledPersonaSource.class.getClassLoader();
        for (String name : FILES) {
            try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in != null) {
                    files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new PersonaUnavailableException(
                        "cannot read the bundled sample persona " + name, e);
            }
        }
        this.persona = new Persona(files);
    }

    @Override
    public Persona current() {
        return persona;
    }

    @Override
    public String describe() {
        return "bundled sample persona (fictional: Ada Quill); set TWIN_PERSONA_DIR to use your own";
    }
}
