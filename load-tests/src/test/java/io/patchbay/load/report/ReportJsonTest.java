package io.patchbay.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

    @TempDir
    Path dir;

    @Test
    void writtenReportReadsBackEqual() throws Exception {
        LoadReport report = SampleReports.withComparison();
        Path file = dir.resolve("out/report.json");

        ReportJson.write(report, file);

        // Records compare doubles with Double.compare, so NaN == NaN: the NaN -> null -> NaN mapping must hold.
        assertEquals(report, ReportJson.read(file));
    }

    @Test
    void notANumberIsWrittenAsNullAndTheFileIsStrictJson() throws Exception {
        String json = ReportJson.toJson(SampleReports.withComparison());

        assertFalse(json.contains("NaN"), "NaN must not appear as a token or a string");
        // A plain ObjectMapper rejects NaN/Infinity tokens, so parsing proves the file is valid JSON.
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode emptyJoin = root.at("/runs/0/steps/2/joinMs");
        assertEquals(0, emptyJoin.get("count").asLong());
        assertTrue(emptyJoin.get("p50").isNull());
        assertTrue(root.at("/comparisons/1/patchbayJoinP50Ms").isNull());
        assertTrue(json.contains("\n  "), "pretty printed");
    }

    @Test
    void unknownSentinelsStayMinusOne() throws Exception {
        JsonNode janusStep = new ObjectMapper().readTree(ReportJson.toJson(SampleReports.withComparison()))
                .at("/runs/1/steps/0");

        assertEquals(-1, janusStep.get("serverHeapUsedBytes").asLong());
        assertEquals(-1.0, janusStep.get("gcPauseTotalMs").asDouble());
        assertEquals(-1, new ObjectMapper().readTree(ReportJson.toJson(SampleReports.withComparison()))
                .at("/runs/0/kneeStep").asInt());
    }

    @Test
    void infinityReadsBackAsNaN() throws Exception {
        Comparison infinite = new Comparison("rooms", 10, 1, 0, Double.POSITIVE_INFINITY, 1, 1, 1, 1, 1, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN);
        LoadReport report = new LoadReport("t", "c", "m", List.of(), List.of(), List.of(infinite), List.of(), List.of());

        LoadReport back = ReportJson.fromJson(ReportJson.toJson(report));

        assertTrue(Double.isNaN(back.comparisons().get(0).cpuRatio()));
    }

    @Test
    void missingNumberReadsAsNaNNotZero() throws Exception {
        String json = Files.readString(write(SampleReports.withComparison()))
                .replaceFirst("\"cpuRatio\" : [^,]+,", "");

        LoadReport back = ReportJson.fromJson(json);

        assertTrue(Double.isNaN(back.comparisons().get(0).cpuRatio()));
    }

    private Path write(LoadReport report) throws Exception {
        Path file = dir.resolve("r.json");
        ReportJson.write(report, file);
        return file;
    }
}
