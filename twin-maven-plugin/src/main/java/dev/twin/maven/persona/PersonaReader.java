package dev.twin.maven.persona;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twin.maven.core.Json;
import dev.twin.maven.core.TwinLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads and validates a persona directory: me.txt required and non-empty, text files UTF-8,
 * facts.json valid, PDFs turned into text, the total under the limit. Everything is checked before
 * anything is uploaded.
 */
public final class PersonaReader {

    public static final String ME = "me.txt";
    public static final String FACTS = "facts.json";
    public static final long DEFAULT_MAX_BYTES = 256 * 1024;

    private PersonaReader() {}

    public static List<PersonaFile> read(Path dir, long maxBytes, TwinLog log) {
        if (!Files.isDirectory(dir)) {
            throw new PersonaNotFoundException(dir);
        }
        Path me = dir.resolve(ME);
        if (!Files.isRegularFile(me)) {
            throw new MissingMeTxtException(me);
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        List<PersonaFile> files = new ArrayList<>();
        List<String> textNames = entries.stream().map(p -> p.getFileName().toString()).toList();
        for (Path path : entries) {
            String name = path.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(".") || name.endsWith("~") || !Files.isRegularFile(path)) {
                continue;
            }
            if (lower.endsWith(".pdf")) {
                String textName = name.substring(0, name.length() - 4) + ".txt";
                if (textNames.contains(textName)) {
                    throw new PersonaNameClashException(path, textName);
                }
                files.add(new PersonaFile(textName, pdfText(path), path));
            } else if (lower.endsWith(".txt") || lower.endsWith(".md") || lower.equals(FACTS)) {
                String text = utf8Text(path);
                if (lower.equals(FACTS)) {
                    checkJson(path, text);
                }
                files.add(new PersonaFile(name, text, path));
            } else {
                log.warn(
                        "Ignoring "
                                + path
                                + ": a persona holds .txt, .md, .pdf and facts.json files");
            }
        }
        PersonaFile meFile =
                files.stream().filter(f -> f.name().equals(ME)).findFirst().orElseThrow();
        if (meFile.text().isBlank()) {
            throw new EmptyMeTxtException(me);
        }
        long total = files.stream().mapToLong(f -> f.bytes().length).sum();
        if (total > maxBytes) {
            String largest =
                    files.stream()
                            .sorted(
                                    Comparator.comparingInt((PersonaFile f) -> f.bytes().length)
                                            .reversed())
                            .limit(3)
                            .map(f -> f.name() + " " + f.bytes().length + " bytes")
                            .collect(Collectors.joining(", "));
            throw new PersonaTooLargeException(total, maxBytes, largest);
        }
        return files;
    }

    /** Strict UTF-8: a NUL byte or a malformed sequence means a binary file or another encoding. */
    static String utf8Text(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new NotUtf8TextException(path, "binary content: a NUL byte at offset " + i);
            }
        }
        int start =
                bytes.length >= 3
                                && (bytes[0] & 0xFF) == 0xEF
                                && (bytes[1] & 0xFF) == 0xBB
                                && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0; // a BOM says UTF-8; the model does not need it
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotUtf8TextException(path, "invalid UTF-8 byte sequence");
        }
    }

    private static void checkJson(Path path, String text) {
        try {
            Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidFactsJsonException(
                    path,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    e.getOriginalMessage());
        }
    }

    private static String pdfText(Path path) {
        try (PDDocument document = Loader.loadPDF(path.toFile())) {
            String text = new PDFTextStripper().getText(document).strip();
            if (text.isEmpty()) {
                throw new PdfUnreadableException(path, "it has no text layer, perhaps a scan");
            }
            return text + "\n";
        } catch (IOException e) {
            throw new PdfUnreadableException(path, e.getMessage());
        }
    }
}
