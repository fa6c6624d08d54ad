package dev.twin.maven.persona;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;

/** The persona's text exceeds the configured limit (every byte of it goes into each prompt). */
public final class PersonaTooLargeException extends TwinException implements UserMistake {

    private final long totalBytes;
    private final long limitBytes;

    public PersonaTooLargeException(long totalBytes, long limitBytes, String largestFiles) {
        super(
                "Persona text is "
                        + totalBytes
                        + " bytes, over the limit of "
                        + limitBytes
                        + " bytes (largest: "
                        + largestFiles
                        + ") — shorten or remove files, or raise the limit with -Dtwin.persona.maxBytes");
        this.totalBytes = totalBytes;
        this.limitBytes = limitBytes;
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
