package dev.twin.maven.cdn;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;

/** No API key was given: no environment variable, no property, and no console to prompt on. */
public final class MissingApiKeyException extends TwinException implements UserMistake {

    public MissingApiKeyException(String envName) {
        super(
                "No API key given — set the "
                        + envName
                        + " environment variable (e.g. `read -s "
                        + envName
                        + "; export "
                        + envName
                        + "`), or run the goal in a terminal to be prompted");
    }
}
