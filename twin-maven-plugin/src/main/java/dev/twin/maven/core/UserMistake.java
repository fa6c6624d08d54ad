package dev.twin.maven.core;

/**
 * Marks a {@link TwinException} the user fixes in their input or setup (a bad persona, an unknown
 * environment, missing outputs, no credentials): Maven reports it as a failure of the build's
 * configuration ({@code MojoFailureException}), not as an error of the world.
 */
public interface UserMistake {}
