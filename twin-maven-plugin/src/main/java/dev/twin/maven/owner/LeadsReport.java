package dev.twin.maven.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the contacts ({@code leads/}) and unknown questions ({@code unknown/}) the model's tools
 * recorded, newest first, since a point in time. Only the days in range are listed (keys are {@code
 * <prefix><yyyy-mm-dd>/<uuid>.json}).
 */
public final class LeadsReport {

    public static final String CONTACT = "contact";
    public static final String QUESTION = "question";
    private static final Pattern SINCE = Pattern.compile("(\\d{1,5})\\s*([mhdw])");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Memory memory;
    private final Clock clock;

    public LeadsReport(Memory memory, Clock clock) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}. */
    public static Duration parseSince(String value) {
        Matcher m = SINCE.matcher(value == null ? "" : value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidOwnerQueryException(
                    "twin.since",
                    String.valueOf(value),
                    "use a number and a unit: 30m, 24h, 7d or 2w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }

    /** Contacts and questions created within {@code since} of now, newest first. */
    public List<OwnerRecord> since(Duration since) {
        Instant from = clock.instant().minus(since);
        List<OwnerRecord> out = new ArrayList<>();
        collect("leads/", CONTACT, from, out);
        collect("unknown/", QUESTION, from, out);
        out.sort(Comparator.comparing(OwnerRecord::created).reversed());
        return out;
    }

    private void collect(String prefix, String kind, Instant from, List<OwnerRecord> out) {
        LocalDate first = from.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate today = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
        // one listing per day when the range is short; one for the prefix otherwise
        List<StoredObject> objects = new ArrayList<>();
        if (!first.isBefore(today.minusDays(31))) {
            for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
                objects.addAll(memory.list(prefix + d + "/"));
            }
        } else {
            objects.addAll(memory.list(prefix));
        }
        for (StoredObject o : objects) {
            if (!o.key().endsWith(".json")) {
                continue;
            }
            JsonNode r;
            try {
                r = JSON.readTree(memory.read(o.key()));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot read " + memory.describe() + "/" + o.key(), e);
            }
            Instant created = ConversationBrowser.instant(r.path("created").asText(null));
            if (created == null) {
                created = o.lastModified();
            }
            if (created.isBefore(from)) {
                continue;
            }
            out.add(
                    new OwnerRecord(
                            kind,
                            created,
                            text(r, "email"),
                            text(r, "name"),
                            CONTACT.equals(kind) ? text(r, "note") : text(r, "question"),
                            text(r, "session_id")));
        }
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** One readable line per record (terminal output: control characters are flattened). */
    public static String line(OwnerRecord r) {
        StringBuilder b = new StringBuilder(160);
        b.append(r.created()).append("  ");
        if (CONTACT.equals(r.kind())) {
            b.append("contact   ").append(plain(r.email()));
            if (r.name() != null) {
                b.append(" (").append(plain(r.name())).append(')');
            }
            if (r.text() != null) {
                b.append(" — ").append(plain(r.text()));
            }
        } else {
            b.append("question  \"").append(plain(r.text())).append('"');
        }
        b.append("  [conversation ").append(plain(r.sessionId())).append(']');
        return b.toString();
    }

    static String plain(String s) {
        return s == null ? "" : s.replaceAll("\\p{Cntrl}", " ");
    }
}
