package dev.twin.maven.cdn;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;

/**
 * The key is blank or contains whitespace (a pasted newline, a quoted value). Never carries the key
 * itself.
 */
public final class InvalidApiKeyException extends TwinException implements UserMistake {

    private final String problem;

    public InvalidApiKeyException(String source, String problem) {
        super(
                "The API key from "
                        + source
                        + " "
                        + problem
                        + " — paste the key alone, without quotes or spaces");
        this.problem = problem;
    }

    public String problem() {
        return problem;
    }
}
