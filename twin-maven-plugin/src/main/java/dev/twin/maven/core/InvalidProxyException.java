package dev.twin.maven.core;

/** Maven's active proxy names no usable host and port. */
public final class InvalidProxyException extends TwinException implements UserMistake {

    public InvalidProxyException(String value) {
        super(
                "The active <proxy> of your Maven settings.xml has no usable host and port ("
                        + value
                        + ") — fix it in ~/.m2/settings.xml or set <active>false</active>");
    }
}
