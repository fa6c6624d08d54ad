package dev.twin.maven.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.maven.core.TwinLog;
import dev.twin.maven.publish.Hashing;
import dev.twin.maven.testing.LocalS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

class PersonaUploaderTest {

    @TempDir Path persona;

    private final LocalS3 localS3 = LocalS3.get();
    private S3Client s3;
    private S3Client checker;
    private String bucket;

    @BeforeEach
    void setUp() throws Exception {
        s3 = localS3.clients().s3();
        checker = localS3.checker();
        bucket = localS3.newBucket("memory");
        Files.writeString(persona.resolve("me.txt"), "I am Ana, a data engineer in Lisbon. Olá!");
        Files.writeString(persona.resolve("facts.json"), "{\"city\": \"Lisbon\"}");
    }

    @AfterEach
    void tearDown() {
        s3.close();
        checker.close();
    }

    @Test
    void upload_putsTextFilesUnderPersonaPrefix_encrypted_withHashMetadata() {
        // When
        PersonaUploadResult result = uploader(PersonaConfig.of(persona, bucket)).upload();

        // Then
        assertThat(result.uploaded()).containsExactly("facts.json", "me.txt");
        assertThat(keys()).containsExactlyInAnyOrder("persona/me.txt", "persona/facts.json");
        HeadObjectResponse me = head("persona/me.txt");
        assertThat(me.serverSideEncryptionAsString()).isEqualTo("AES256");
        assertThat(me.metadata())
                .containsEntry(
                        "twin-sha256",
                        Hashing.sha256(
                                "I am Ana, a data engineer in Lisbon. Olá!"
                                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(me.contentType().replace(";charset", "; charset"))
                .isEqualTo("text/plain; charset=utf-8");
        assertThat(text("persona/me.txt")).isEqualTo("I am Ana, a data engineer in Lisbon. Olá!");
    }

    @Test
    void upload_skipsUnchangedFiles() throws Exception {
        uploader(PersonaConfig.of(persona, bucket)).upload();
        Files.writeString(persona.resolve("me.txt"), "I am Ana, now in Porto.");

        PersonaUploadResult again = uploader(PersonaConfig.of(persona, bucket)).upload();

        assertThat(again.uploaded()).containsExactly("me.txt");
        assertThat(again.unchanged()).containsExactly("facts.json");
    }

    @Test
    void upload_removesRemoteFilesDeletedLocally_onlyUnderThePrefix() throws Exception {
        // Given an old persona file and a conversation in the bucket
        checker.putObject(
                b -> b.bucket(bucket).key("persona/old.txt"), RequestBody.fromString("old"));
        checker.putObject(
                b -> b.bucket(bucket).key("conversations/x.json"), RequestBody.fromString("{}"));

        // When
        PersonaUploadResult result = uploader(PersonaConfig.of(persona, bucket)).upload();

        // Then
        assertThat(result.deleted()).containsExactly("old.txt");
        assertThat(keys()).contains("conversations/x.json").doesNotContain("persona/old.txt");
    }

    @Test
    void upload_turnsPdfsIntoText() throws Exception {
        // Given a LinkedIn export as PDF
        writePdf(persona.resolve("linkedin.pdf"), "Senior Data Engineer at Example Corp");

        // When
        uploader(PersonaConfig.of(persona, bucket)).upload();

        // Then only its text is uploaded, under the .txt name
        assertThat(keys()).contains("persona/linkedin.txt").doesNotContain("persona/linkedin.pdf");
        assertThat(text("persona/linkedin.txt")).contains("Senior Data Engineer at Example Corp");
    }

    @Test
    void upload_rejectsAMissingPersonaDirectory() {
        Path missing = persona.resolve("nope");
        assertThatThrownBy(() -> uploader(PersonaConfig.of(missing, bucket)).upload())
                .isInstanceOf(PersonaNotFoundException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("create it with a me.txt, or set -Dtwin.personaDir");
    }

    @Test
    void upload_rejectsAMissingMeTxt() throws Exception {
        Files.delete(persona.resolve("me.txt"));
        assertThatThrownBy(() -> uploader(PersonaConfig.of(persona, bucket)).upload())
                .isInstanceOf(MissingMeTxtException.class)
                .hasMessageContaining("me.txt");
    }

    @Test
    void upload_rejectsAnEmptyMeTxt_andUploadsNothing() throws Exception {
        Files.writeString(persona.resolve("me.txt"), "  \n\t\n");
        assertThatThrownBy(() -> uploader(PersonaConfig.of(persona, bucket)).upload())
                .isInstanceOf(EmptyMeTxtException.class)
                .hasMessageContaining("me.txt is empty");
        assertThat(keys()).isEmpty();
    }

    @Test
    void upload_rejectsABinaryMeTxt() throws Exception {
        Files.write(
                persona.resolve("me.txt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        assertThatThrownBy(() -> uploader(PersonaConfig.of(persona, bucket)).upload())
                .isInstanceOf(NotUtf8TextException.class)
                .hasMessageContaining("me.txt is not UTF-8 text")
                .hasMessageContaining("NUL byte");
    }

    @Test
    void upload_rejectsLatin1Text() throws Exception {
        Files.write(persona.resolve("style.txt"), "Olá".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> uploader(PersonaConfig.of(persona, bucket)).upload())
                .isInstanceOf(NotUtf8TextException.class)
                .hasMessageContaining("style.txt");
    }

    @Test
    void upload_rejectsBrokenFactsJson_withLineAndColumn() throws Exception {
        Files.writeString(persona.resolve("facts.json"), "{\n  \"city\": \"Lisbon\",\n}");
        assertThatThrownBy(() -> uploader(PersonaConfig.of(persona, bucket)).upload())
                .isInstanceOf(InvalidFactsJsonException.class)
                .hasMessageContaining("facts.json is not valid JSON at line 3");
        assertThat(keys()).isEmpty();
    }

    @Test
    void upload_rejectsAnOversizedPersona_namingTheLimitAndTheLargestFile() throws Exception {
        Files.writeString(persona.resolve("summary.txt"), "x".repeat(2000));
        assertThatThrownBy(
                        () ->
                                uploader(PersonaConfig.of(persona, bucket).withMaxBytes(1024))
                                        .upload())
                .isInstanceOf(PersonaTooLargeException.class)
                .hasMessageContaining("over the limit of 1024 bytes")
                .hasMessageContaining("summary.txt 2000 bytes")
                .hasMessageContaining("-Dtwin.persona.maxBytes");
    }

    private PersonaUploader uploader(PersonaConfig config) {
        return new PersonaUploader(s3, config, TwinLog.silent());
    }

    private HeadObjectResponse head(String key) {
        return checker.headObject(b -> b.bucket(bucket).key(key));
    }

    private String text(String key) {
        return checker.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private List<String> keys() {
        return checker.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    static void writePdf(Path file, String line) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(line);
                content.endText();
            }
            doc.save(file.toFile());
        }
    }
}
