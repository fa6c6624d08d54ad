package dev.twin.runtime.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test value: one generated request, front-neutral. Path, header values and body are bytes so they
 * can carry invalid UTF-8; {@link #KNOWN} in them is replaced at run time by the id of a stored
 * conversation, so hostile requests also aim at conversations that exist.
 *
 * @param kind what the generator meant (for messages and the per-kind tally)
 * @param valid a well-formed chat turn or conversation read that must answer 200
 * @param length how the raw-socket front frames the body (the Lambda front has no framing)
 * @param event how the Lambda front mangles the event around the request
 */
record Attack(
        String kind,
        boolean valid,
        String method,
        byte[] path,
        List<Header> headers,
        byte[] body,
        Length length,
        EventShape event) {

    /**
     * Placeholder for a known session id (lower case); {@link #KNOWN_UPPER} for its upper-case
     * form.
     */
    static final String KNOWN = "{{known}}";

    static final String KNOWN_UPPER = "{{KNOWN}}";

    /** One header line; duplicates are kept as separate entries. */
    record Header(String name, byte[] value) {
        static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.UTF_8));
        }

        String valueText() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** How the body is framed on the wire. */
    enum Length {
        CORRECT,
        MISSING,
        DUPLICATE_SAME,
        CONFLICTING,
        NEGATIVE,
        GARBAGE,
        TOO_SMALL,
        CHUNKED,
        CHUNKED_AND_LENGTH,
        CHUNKED_MALFORMED
    }

    /** What is wrong with the Lambda event itself, apart from the request it carries. */
    enum EventShape {
        WELL_FORMED,
        NAMED_STAGE,
        BASE64,
        BASE64_INVALID,
        NO_REQUEST_CONTEXT,
        NO_RAW_PATH,
        METHOD_NOT_A_STRING,
        HEADERS_AN_ARRAY,
        HEADER_VALUES_NOT_STRINGS,
        BODY_AN_OBJECT,
        BASE64_FLAG_A_STRING,
        NO_REQUEST_ID,
        TRUNCATED,
        NOT_JSON,
        EMPTY_INPUT,
        JSON_ARRAY,
        DEEPLY_NESTED_EVENT;

        /**
         * Whether the event still carries an HTTP request (a method and a path); the others answer
         * invalid_event.
         */
        boolean carriesRequest() {
            return switch (this) {
                case NO_REQUEST_CONTEXT,
                        NO_RAW_PATH,
                        METHOD_NOT_A_STRING,
                        TRUNCATED,
                        NOT_JSON,
                        EMPTY_INPUT,
                        JSON_ARRAY,
                        DEEPLY_NESTED_EVENT ->
                        false;
                default -> true;
            };
        }
    }

    String pathText() {
        return new String(path, StandardCharsets.UTF_8);
    }

    /** This attack with the placeholders replaced by {@code known} (a stored session id). */
    Attack resolve(String known) {
        List<Header> h = new ArrayList<>();
        for (Header header : headers) {
            h.add(new Header(header.name(), replace(header.value(), known)));
        }
        return new Attack(
                kind, valid, method, replace(path, known), h, replace(body, known), length, event);
    }

    private static byte[] replace(byte[] bytes, String known) {
        byte[] lower = KNOWN.getBytes(StandardCharsets.US_ASCII);
        byte[] upper = KNOWN_UPPER.getBytes(StandardCharsets.US_ASCII);
        if (indexOf(bytes, lower, 0) < 0 && indexOf(bytes, upper, 0) < 0) {
            return bytes;
        }
        byte[] out = replaceAll(bytes, lower, known.getBytes(StandardCharsets.US_ASCII));
        return replaceAll(
                out, upper, known.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] replaceAll(byte[] bytes, byte[] what, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        int from = 0;
        int at;
        while ((at = indexOf(bytes, what, from)) >= 0) {
            out.write(bytes, from, at - from);
            out.writeBytes(with);
            from = at + what.length;
        }
        out.write(bytes, from, bytes.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] what, int from) {
        outer:
        for (int i = from; i <= bytes.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        String p = pathText();
        String b = new String(body, 0, Math.min(body.length, 100), StandardCharsets.UTF_8);
        StringBuilder hs = new StringBuilder();
        for (Header h : headers) {
            String v = h.valueText();
            hs.append(h.name())
                    .append(": ")
                    .append(v.length() > 40 ? v.substring(0, 40) + "..." : v)
                    .append("; ");
        }
        return kind
                + " "
                + method
                + " "
                + (p.length() > 80 ? p.substring(0, 80) + "..." : p)
                + " ["
                + hs
                + "] body("
                + body.length
                + "B)="
                + b
                + " length="
                + length
                + " event="
                + event;
    }
}
