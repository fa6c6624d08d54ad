package dev.twin.maven.cdn;

import java.io.Console;
import java.util.Optional;

/** Outgoing port: asks the user for a secret without echoing it. */
@FunctionalInterface
public interface SecretPrompt {

    /** The typed secret, or empty when there is no terminal to ask on. */
    Optional<char[]> ask(String question);

    /**
     * The JVM's console ({@code readPassword}: no echo); empty in CI, where there is no console.
     */
    static SecretPrompt console() {
        return question -> {
            Console console = System.console();
            return console == null
                    ? Optional.empty()
                    : Optional.ofNullable(console.readPassword("%s", question));
        };
    }

    static SecretPrompt none() {
        return question -> Optional.empty();
    }
}
