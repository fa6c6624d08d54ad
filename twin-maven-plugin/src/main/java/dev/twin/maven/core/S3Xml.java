package dev.twin.maven.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A small reader for the XML documents S3 answers with (listings, errors, delete results):
 * elements, attributes, text with the predefined and numeric character references, CDATA, comments
 * and processing instructions; no DTDs. Why not the JDK's StAX parser: in a fresh JVM, loading and
 * warming it up to read a 1,000-object listing costs 100-200 ms, more than the rest of a no-op
 * publish; this reads the same listing in a few milliseconds.
 */
public final class S3Xml {

    /**
     * An element: its local name (without a namespace prefix), its text (leaf elements) and its
     * child elements.
     */
    public record Element(String name, String text, List<Element> children) {
        public Element {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
            children = List.copyOf(children);
        }

        /** The first child called {@code childName}. */
        public Optional<Element> child(String childName) {
            for (Element c : children) {
                if (c.name.equals(childName)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        /** The text of the first child called {@code childName}, or null when there is none. */
        public String childText(String childName) {
            for (Element c : children) {
                if (c.name.equals(childName)) {
                    return c.text;
                }
            }
            return null;
        }

        /** Every child called {@code childName}, in document order. */
        public List<Element> children(String childName) {
            List<Element> found = new ArrayList<>();
            for (Element c : children) {
                if (c.name.equals(childName)) {
                    found.add(c);
                }
            }
            return found;
        }

        /**
         * The first element called {@code elementName} at any depth below this one (depth first),
         * if any.
         */
        public Optional<Element> find(String elementName) {
            for (Element c : children) {
                if (c.name.equals(elementName)) {
                    return Optional.of(c);
                }
                Optional<Element> below = c.find(elementName);
                if (below.isPresent()) {
                    return below;
                }
            }
            return Optional.empty();
        }
    }

    /** The document is not well-formed XML of the kind S3 sends; the message says where. */
    public static final class MalformedXmlException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedXmlException(String message, int offset) {
            super(message + " at offset " + offset);
        }
    }

    /**
     * Far deeper than any S3 answer; a bound keeps a hostile endpoint from overflowing the stack.
     */
    private static final int MAX_DEPTH = 64;

    private final String doc;
    private int pos;

    private S3Xml(String doc) {
        this.doc = doc;
    }

    /** Parses a whole document into its root element. */
    public static Element parse(String document) {
        S3Xml reader = new S3Xml(Objects.requireNonNull(document));
        reader.skipMisc();
        if (reader.pos >= reader.doc.length() || reader.doc.charAt(reader.pos) != '<') {
            throw new MalformedXmlException("no root element", reader.pos);
        }
        Element root = reader.element(1);
        reader.skipMisc();
        if (reader.pos != reader.doc.length()) {
            throw new MalformedXmlException("content after the root element", reader.pos);
        }
        return root;
    }

    /**
     * Skips whitespace, comments and processing instructions (the XML declaration among them)
     * between elements.
     */
    private void skipMisc() {
        while (pos < doc.length()) {
            char c = doc.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF' && pos == 0) {
                pos++;
            } else if (doc.startsWith("<?", pos)) {
                pos = endOf("<?", "?>", "processing instruction");
            } else if (doc.startsWith("<!--", pos)) {
                pos = endOf("<!--", "-->", "comment");
            } else if (doc.startsWith("<!", pos)) {
                throw new MalformedXmlException("DTDs are not accepted", pos);
            } else {
                return;
            }
        }
    }

    /** Reads one element, {@code pos} at its '<'. */
    private Element element(int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedXmlException("elements nested deeper than " + MAX_DEPTH, pos);
        }
        pos++; // '<'
        String qname = name();
        skipAttributes();
        if (doc.startsWith("/>", pos)) {
            pos += 2;
            return new Element(localName(qname), "", List.of());
        }
        expect('>');
        StringBuilder text = new StringBuilder();
        List<Element> children = new ArrayList<>();
        while (true) {
            if (pos >= doc.length()) {
                throw new MalformedXmlException("<" + qname + "> is not closed", pos);
            }
            char c = doc.charAt(pos);
            if (c != '<') {
                int next = doc.indexOf('<', pos);
                if (next < 0) {
                    throw new MalformedXmlException("<" + qname + "> is not closed", doc.length());
                }
                appendDecoded(text, pos, next);
                pos = next;
            } else if (doc.startsWith("</", pos)) {
                pos += 2;
                String end = name();
                if (!end.equals(qname)) {
                    throw new MalformedXmlException("</" + end + "> closes <" + qname + ">", pos);
                }
                skipSpace();
                expect('>');
                // Whitespace between child elements is layout, not text.
                return new Element(
                        localName(qname), children.isEmpty() ? text.toString() : "", children);
            } else if (doc.startsWith("<![CDATA[", pos)) {
                int end = doc.indexOf("]]>", pos + 9);
                if (end < 0) {
                    throw new MalformedXmlException("unclosed CDATA section", pos);
                }
                appendLiteral(text, pos + 9, end);
                pos = end + 3;
            } else if (doc.startsWith("<!--", pos)) {
                pos = endOf("<!--", "-->", "comment");
            } else if (doc.startsWith("<?", pos)) {
                pos = endOf("<?", "?>", "processing instruction");
            } else if (doc.startsWith("<!", pos)) {
                throw new MalformedXmlException("DTDs are not accepted", pos);
            } else {
                children.add(element(depth + 1));
            }
        }
    }

    private String name() {
        int start = pos;
        while (pos < doc.length()) {
            char c = doc.charAt(pos);
            if (c == '>' || c == '/' || c == '=' || c == '<' || c == ' ' || c == '\t' || c == '\r'
                    || c == '\n' || c == '"' || c == '\'' || c == '&') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw new MalformedXmlException("a name was expected", start);
        }
        return doc.substring(start, pos);
    }

    /** Attributes say nothing S3's answers need (only xmlns): checked for form, then skipped. */
    private void skipAttributes() {
        while (true) {
            skipSpace();
            if (pos >= doc.length()) {
                throw new MalformedXmlException("unclosed tag", pos);
            }
            char c = doc.charAt(pos);
            if (c == '>' || c == '/') {
                return;
            }
            name();
            skipSpace();
            expect('=');
            skipSpace();
            if (pos >= doc.length() || doc.charAt(pos) != '"' && doc.charAt(pos) != '\'') {
                throw new MalformedXmlException("an attribute value must be quoted", pos);
            }
            char quote = doc.charAt(pos);
            int end = doc.indexOf(quote, pos + 1);
            if (end < 0 || indexOf('<', pos + 1, end) >= 0) {
                throw new MalformedXmlException("unclosed attribute value", pos);
            }
            pos = end + 1;
        }
    }

    private void appendDecoded(StringBuilder out, int from, int to) {
        int i = from;
        while (i < to) {
            int amp = indexOf('&', i, to);
            if (amp < 0) {
                appendLiteral(out, i, to);
                return;
            }
            appendLiteral(out, i, amp);
            int semi = indexOf(';', amp, Math.min(to, amp + 13));
            if (semi < 0) {
                throw new MalformedXmlException("a bare '&'", amp);
            }
            String ref = doc.substring(amp + 1, semi);
            switch (ref) {
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "amp" -> out.append('&');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> out.appendCodePoint(characterReference(ref, amp));
            }
            i = semi + 1;
        }
    }

    /**
     * Appends text as written, with line ends normalised to '\n' as XML requires (a '\r' survives
     * only as &#13;).
     */
    private void appendLiteral(StringBuilder out, int from, int to) {
        int i = from;
        while (i < to) {
            int cr = indexOf('\r', i, to);
            if (cr < 0) {
                out.append(doc, i, to);
                return;
            }
            out.append(doc, i, cr).append('\n');
            i = cr + 1 < to && doc.charAt(cr + 1) == '\n' ? cr + 2 : cr + 1;
        }
    }

    /**
     * {@code c}'s first index in [from, to), or -1: String.indexOf would search to the end of the
     * document.
     */
    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (doc.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int characterReference(String ref, int offset) {
        try {
            int cp;
            if (ref.startsWith("#x")) {
                cp = Integer.parseInt(ref.substring(2), 16);
            } else if (ref.startsWith("#")) {
                cp = Integer.parseInt(ref.substring(1));
            } else {
                throw new MalformedXmlException("unknown entity &" + ref + ";", offset);
            }
            if (!Character.isValidCodePoint(cp) || cp == 0 || cp >= 0xD800 && cp <= 0xDFFF) {
                throw new MalformedXmlException(
                        "invalid character reference &" + ref + ";", offset);
            }
            return cp;
        } catch (NumberFormatException e) {
            throw new MalformedXmlException("invalid character reference &" + ref + ";", offset);
        }
    }

    private static String localName(String qname) {
        int colon = qname.indexOf(':');
        return colon < 0 ? qname : qname.substring(colon + 1);
    }

    private int endOf(String opener, String terminator, String what) {
        int end = doc.indexOf(terminator, pos + opener.length());
        if (end < 0) {
            throw new MalformedXmlException("unclosed " + what, pos);
        }
        return end + terminator.length();
    }

    private void skipSpace() {
        while (pos < doc.length()) {
            char c = doc.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) {
        if (pos >= doc.length() || doc.charAt(pos) != c) {
            throw new MalformedXmlException("'" + c + "' was expected", pos);
        }
        pos++;
    }
}
