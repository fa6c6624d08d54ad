package dev.twin.maven.core;

import java.nio.file.Path;
import java.util.Set;

/** The outputs file holds the outputs of a different stack (another twin name or environment). */
public final class OutputsFromAnotherStackException extends TwinException implements UserMistake {

    private final Path file;
    private final String expectedStack;
    private final Set<String> foundStacks;

    public OutputsFromAnotherStackException(
            Path file, String expectedStack, Set<String> foundStacks) {
        super(
                "Outputs file "
                        + file
                        + " belongs to stack "
                        + foundStacks
                        + ", not "
                        + expectedStack
                        + " — check -Dtwin.env and <twinName>, or delete the file so the outputs of "
                        + expectedStack
                        + " are fetched from CloudFormation");
        this.file = file;
        this.expectedStack = expectedStack;
        this.foundStacks = Set.copyOf(foundStacks);
    }

    public Path file() {
        return file;
    }

    public String expectedStack() {
        return expectedStack;
    }

    public Set<String> foundStacks() {
        return foundStacks;
    }
}
