package dev.twin.maven.owner;

import java.time.Instant;

/**
 * Value: one line of {@code twin:leads}: a contact ({@code kind} {@code contact}: email, name,
 * note) or an unknown question ({@code kind} {@code question}: text in {@code note}).
 */
public record OwnerRecord(
        String kind, Instant created, String email, String name, String text, String sessionId) {}
