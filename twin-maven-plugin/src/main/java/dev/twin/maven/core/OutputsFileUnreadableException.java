package dev.twin.maven.core;

import java.nio.file.Path;

/** The outputs file exists but is not the JSON that {@code cdk deploy --outputs-file} writes. */
public final class OutputsFileUnreadableException extends TwinException {

    private final Path file;

    public OutputsFileUnreadableException(Path file, String reason) {
        super(
                "Cannot read stack outputs from "
                        + file
                        + " ("
                        + reason
                        + ") — delete the file and run `mvn twin:deploy`, "
                        + "or `mvn twin:outputs` to fetch them from CloudFormation");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
