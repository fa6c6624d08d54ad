package dev.twin.runtime.port;

import dev.twin.runtime.chat.Persona;

/**
 * Outgoing port: loads the persona. Adapters cache it and revalidate cheaply (conditional request
 * or mtime check) at most once per revalidation interval, so a warm turn usually touches nothing.
 */
public interface PersonaSource {

    /**
     * The current persona.
     *
     * @throws PersonaUnavailableException when {@code me.txt} is missing or storage fails and no
     *     cached copy exists
     */
    Persona current();

    /** One line for the startup banner, e.g. {@code "dir /home/ana/twin/persona"}. */
    String describe();
}
