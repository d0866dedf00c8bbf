package io.patchbay.load.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The report as a JSON file (UTF-8, pretty printed), and back.
 *
 * <p>Field names are the record component names. Non-finite numbers (NaN, e.g. {@link Percentiles#EMPTY}) are
 * written as {@code null} and read back as NaN, so a written-then-read report equals the original unless it held
 * an infinity (which reads back as NaN). Unknown fields are ignored so that older code reads newer files.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new NonFiniteAsNullModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {
    }

    /** Writes {@code report} to {@code file}, replacing it; parent directories are created. */
    public static void write(LoadReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(report), StandardCharsets.UTF_8);
    }

    /** Reads a report written by {@link #write}. */
    public static LoadReport read(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The JSON text of {@code report}, ending with a newline. */
    public static String toJson(LoadReport report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text produced by {@link #toJson}. */
    public static LoadReport fromJson(String json) throws IOException {
        return MAPPER.readValue(json, LoadReport.class);
    }
}
