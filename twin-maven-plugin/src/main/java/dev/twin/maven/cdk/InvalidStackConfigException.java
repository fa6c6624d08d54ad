package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.util.List;

/** The plugin configuration makes an invalid stack; lists every problem with its fix at once. */
public final class InvalidStackConfigException extends TwinException implements UserMistake {

    private final List<String> problems;

    public InvalidStackConfigException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
