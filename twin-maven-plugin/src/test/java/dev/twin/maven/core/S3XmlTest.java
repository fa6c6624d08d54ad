package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3XmlTest {

    @Test
    void parse_readsAListingAsS3WritesIt() {
        // Given a ListObjectsV2 answer with a url-encoded key and a quoted ETag
        String xml =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix></Prefix>"
                        + "<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"
                        + "<Contents><Key>a%20b%2Bc.html</Key><ETag>&quot;0cc175b9c0f1b6a831c399e269772661&quot;</ETag>"
                        + "<Size>12</Size><StorageClass>STANDARD</StorageClass></Contents><Contents><Key>z</Key><Size>0</Size></Contents>"
                        + "</ListBucketResult>";

        // When
        S3Xml.Element root = S3Xml.parse(xml);

        // Then
        assertThat(root.name()).isEqualTo("ListBucketResult");
        assertThat(root.childText("Prefix")).isEmpty();
        assertThat(root.childText("NextContinuationToken")).isNull();
        assertThat(root.children("Contents")).hasSize(2);
        S3Xml.Element first = root.children("Contents").get(0);
        assertThat(first.childText("Key")).isEqualTo("a%20b%2Bc.html");
        assertThat(first.childText("ETag")).isEqualTo("\"0cc175b9c0f1b6a831c399e269772661\"");
        assertThat(first.childText("Size")).isEqualTo("12");
    }

    @Test
    void parse_readsTextAsAnXmlParserDoes_entitiesCdataCommentsPrefixesAndLineEnds() {
        String xml =
                "\uFEFF<?xml version='1.0'?><!-- hi --><s3:Error xmlns:s3='urn:x' a = \"1>2\">"
                        + "<s3:Code>No&#83;uch&#x4B;ey</s3:Code><Message>a &lt;b&gt; &amp; &apos;c&apos; <![CDATA[<raw & "
                        + "text>]]> d\r\ne\rf<!-- gone --></Message><Empty/><Empty2 x='y' /></s3:Error>\n<!-- tail -->\n";

        S3Xml.Element root = S3Xml.parse(xml);

        assertThat(root.name()).isEqualTo("Error");
        assertThat(root.childText("Code")).isEqualTo("NoSuchKey");
        assertThat(root.childText("Message")).isEqualTo("a <b> & 'c' <raw & text> d\ne\nf");
        assertThat(root.childText("Empty")).isEmpty();
        assertThat(root.childText("Empty2")).isEmpty();
        assertThat(root.find("Code")).isPresent();
    }

    @Test
    void parse_agreesWithTheJdkParser_onThousandsOfGeneratedDocuments() throws Exception {
        // Given documents built at random from the pieces S3 answers (and stand-ins) are made of
        Random random = new Random(20261125L);
        for (int i = 0; i < 2000; i++) {
            String xml = new Generator(random).document();

            // When both parsers read it, Then they see the same tree
            assertThat(S3Xml.parse(xml)).as(xml).isEqualTo(stax(xml));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "just text",
                "<a>",
                "<a><b></a>",
                "<a></b>",
                "<a>x &unknown; y</a>",
                "<a>x & y</a>",
                "<a>&#xD800;</a>",
                "<a>&#0;</a>",
                "<a>&#xZZ;</a>",
                "<a b=c></a>",
                "<a b=\"c></a>",
                "<a><![CDATA[x</a>",
                "<a><!-- x</a>",
                "<a></a><b></b>",
                "<a></a>trailing",
                "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>",
                "<a><!DOCTYPE x></a>",
                "<a",
                "<>x</>",
            })
    void parse_refusesWhatIsNotWellFormed_withWhereItFailed(String xml) {
        assertThatThrownBy(() -> S3Xml.parse(xml))
                .isInstanceOf(S3Xml.MalformedXmlException.class)
                .hasMessageContaining("at offset");
    }

    @Test
    void parse_refusesNestingDeeperThanAnyS3Answer_insteadOfOverflowingTheStack() {
        String xml = "<a>".repeat(10_000) + "</a>".repeat(10_000);

        assertThatThrownBy(() -> S3Xml.parse(xml))
                .isInstanceOf(S3Xml.MalformedXmlException.class)
                .hasMessageContaining("nested deeper than 64");
    }

    /** The reference: the same tree, as read by the JDK's StAX parser (DTDs off). */
    private static S3Xml.Element stax(String xml) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader x = factory.createXMLStreamReader(new StringReader(xml));
        Deque<String> names = new ArrayDeque<>();
        Deque<StringBuilder> texts = new ArrayDeque<>();
        Deque<List<S3Xml.Element>> children = new ArrayDeque<>();
        children.push(new ArrayList<>());
        while (x.hasNext()) {
            switch (x.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    names.push(x.getLocalName());
                    texts.push(new StringBuilder());
                    children.push(new ArrayList<>());
                }
                case XMLStreamConstants.CHARACTERS,
                        XMLStreamConstants.CDATA,
                        XMLStreamConstants.SPACE -> {
                    if (!texts.isEmpty()) {
                        texts.peek().append(x.getText());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    List<S3Xml.Element> kids = children.pop();
                    String text = texts.pop().toString();
                    children.peek()
                            .add(new S3Xml.Element(names.pop(), kids.isEmpty() ? text : "", kids));
                }
                default -> {}
            }
        }
        return children.pop().get(0);
    }

    /**
     * Random documents: nested elements, attributes, escaped text, CDATA, comments, prefixes,
     * layout.
     */
    private static final class Generator {
        private static final String[] NAMES = {
            "ListBucketResult",
            "Contents",
            "Key",
            "ETag",
            "Size",
            "Error",
            "Code",
            "Message",
            "Deleted",
            "s3:Key",
            "x-y.z_1"
        };
        private static final String TEXT = "abcXYZ 019 &<>\"'%+/=\t\n\r\u00e9\u4e2d\ud83d\ude00]";
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Generator(Random random) {
            this.random = random;
        }

        String document() {
            if (random.nextBoolean()) {
                out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            }
            layout();
            element(0);
            layout();
            return out.toString();
        }

        private void element(int depth) {
            String name = NAMES[random.nextInt(NAMES.length)];
            out.append('<').append(name);
            if (name.startsWith("s3:") || random.nextInt(5) == 0) {
                out.append(" xmlns:s3=\"urn:s3\"");
            }
            if (random.nextInt(4) == 0) {
                out.append(" a")
                        .append(random.nextInt(9))
                        .append(random.nextBoolean() ? "='v&amp;1'" : " = \"v>2\"");
            }
            if (random.nextInt(8) == 0) {
                out.append(random.nextBoolean() ? "/>" : " />");
                return;
            }
            out.append('>');
            if (depth < 4 && random.nextInt(3) == 0) {
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    layout();
                    element(depth + 1);
                }
                layout();
            } else {
                int parts = random.nextInt(4);
                for (int i = 0; i < parts; i++) {
                    text();
                }
            }
            out.append("</").append(name).append('>');
        }

        private void text() {
            int kind = random.nextInt(6);
            if (kind == 0) {
                out.append("<![CDATA[").append(raw(8).replace("]]>", "")).append("]]>");
            } else if (kind == 1) {
                out.append("<!--").append(raw(5).replace("--", "").replace("-", "")).append("-->");
            } else {
                for (char c : raw(10).toCharArray()) {
                    switch (c) {
                        case '&' -> out.append("&amp;");
                        case '<' -> out.append(random.nextBoolean() ? "&lt;" : "&#60;");
                        case '>' -> out.append(random.nextBoolean() ? ">" : "&gt;");
                        case '"' -> out.append(random.nextBoolean() ? "\"" : "&quot;");
                        case '\'' -> out.append(random.nextBoolean() ? "'" : "&apos;");
                        case ']' -> out.append("&#x5D;");
                        default -> {
                            if (random.nextInt(10) == 0 && !Character.isSurrogate(c)) {
                                out.append("&#x").append(Integer.toHexString(c)).append(';');
                            } else {
                                out.append(c);
                            }
                        }
                    }
                }
            }
        }

        private String raw(int max) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(max + 1);
            for (int i = 0; i < n; i++) {
                int at = random.nextInt(TEXT.length());
                char c = TEXT.charAt(at);
                if (Character.isHighSurrogate(c)) {
                    b.append(c).append(TEXT.charAt(at + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    b.append(c);
                }
            }
            return b.toString();
        }

        private void layout() {
            int kind = random.nextInt(5);
            if (kind == 0) {
                out.append("\n  ");
            } else if (kind == 1) {
                out.append("<!-- c -->");
            } else if (kind == 2) {
                out.append("\r\n");
            }
        }
    }
}
