package org.mast3r.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.kernels.Simd;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code mast3r bench}: the JSON keys and types, the SVG chart, and {@code --matching}. Never asserts timings. */
class BenchCommandTest {
    @TempDir static Path tmp;
    static CliRun run;
    static Path json, svg;

    /** One profiled run of the tiny config at a small size serves the JSON and SVG tests. */
    @BeforeAll
    static void benchTiny() {
        json = tmp.resolve("bench.json");
        svg = tmp.resolve("bench.svg");
        run = CliRun.of("bench", "--synthetic", Fixtures.dir("mast3r-tiny").resolve("config.json").toString(),
                "--size", "64x48", "--threads", "2", "--repeat", "2", "--profile", "--json", json.toString(),
                "--report", svg.toString());
        assertEquals(Main.OK, run.code(), run.err());
    }

    @Test
    void jsonHasTheKeysAndTypes() throws Exception {
        JsonNode root = Json.MAPPER.readTree(json.toFile());
        JsonNode fwd = root.get("forward_s");
        assertTrue(fwd.get("min").isNumber() && fwd.get("median").isNumber());
        assertTrue(fwd.get("min").asDouble() <= fwd.get("median").asDouble());
        assertTrue(root.get("load_s").isNumber());
        assertTrue(root.get("threads").isIntegralNumber());
        assertEquals(2, root.get("threads").asInt());
        assertTrue(root.get("peak_rss_mb").isNumber());
        assertTrue(root.get("peak_gflops").isNumber() && root.get("peak_gflops").asDouble() > 0);
        JsonNode species = root.get("species");
        assertEquals(Simd.CPU.model(), species.get("cpu_model").asText());
        assertEquals(Simd.LANES, species.get("vector_lanes").asInt());
        assertEquals(Simd.LANES * 32, species.get("vector_bits").asInt());
        assertTrue(species.get("avx512").isBoolean());
        assertEquals(species.get("avx512").asBoolean() ? 32 : 16, species.get("vector_registers").asInt());
        assertTrue(root.get("stages").size() > 0);
        for (JsonNode stage : root.get("stages")) {
            for (String k : List.of("ms", "gflop", "gflops", "peak_pct")) assertTrue(stage.get(k).isNumber(), k);
        }
        assertTrue(root.get("kernels").has("gemm"), root.get("kernels").toString());
        for (JsonNode kernel : root.get("kernels")) {
            assertTrue(kernel.get("calls").isIntegralNumber());
            for (String k : List.of("ms", "gflop", "gflops", "peak_pct")) assertTrue(kernel.get(k).isNumber(), k);
        }
    }

    @Test
    void tablesShowShareOfPeak() {
        assertTrue(run.out().contains("% peak"), run.out());
        assertTrue(run.out().contains("FMA peak"), run.out());
        assertTrue(run.out().contains("species: " + Simd.CPU.describe()), run.out());
    }

    @Test
    void svgIsXmlWithOneBarPerStage() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        JsonNode stages = Json.MAPPER.readTree(json.toFile()).get("stages");
        List<String> names = new ArrayList<>();
        stages.fieldNames().forEachRemaining(names::add);

        NodeList rects = doc.getElementsByTagName("rect");
        List<Element> bars = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if ("bar".equals(r.getAttribute("class"))) bars.add(r);
        }
        assertEquals(names, bars.stream().map(b -> b.getAttribute("data-stage")).toList());
        double maxMs = 0, maxW = 0;
        for (Element b : bars) {
            maxMs = Math.max(maxMs, Double.parseDouble(b.getAttribute("data-ms")));
            maxW = Math.max(maxW, Double.parseDouble(b.getAttribute("width")));
        }
        for (Element b : bars) {
            double ms = Double.parseDouble(b.getAttribute("data-ms")), w = Double.parseDouble(b.getAttribute("width"));
            assertTrue(w >= 1, "every bar visible");
            // Bar length is proportional to time (1 px floor for near-zero stages, 0.1 px rounding).
            assertEquals(Math.max(1, ms / maxMs * maxW), w, 0.2, b.getAttribute("data-stage"));
        }
        String title = doc.getElementById("title") != null ? doc.getElementById("title").getTextContent()
                : doc.getElementsByTagName("text").item(0).getTextContent();
        assertTrue(title.contains("64x48") && title.contains("2 thread") && title.contains("total"), title);
        try (var leftovers = Files.list(tmp)) {
            assertFalse(leftovers.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "atomic write left a temp file");
        }
    }

    @Test
    void matchingWritesTimesThreadsAndPairs() throws Exception {
        Path out = tmp.resolve("matching.json");
        CliRun r = CliRun.of("bench", "--matching", Fixtures.dir("mast3r-vitl-512").resolve("outputs.safetensors").toString(),
                "--threads", "2", "--repeat", "2", "--json", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode root = Json.MAPPER.readTree(out.toFile());
        assertEquals(Set.of("matching_s", "threads", "pairs"), fieldNames(root));
        assertEquals(Set.of("min", "median"), fieldNames(root.get("matching_s")));
        assertTrue(root.get("matching_s").get("min").isNumber() && root.get("matching_s").get("median").isNumber());
        assertTrue(root.get("threads").isIntegralNumber() && root.get("threads").asInt() == 2);
        assertTrue(root.get("pairs").isIntegralNumber() && root.get("pairs").asInt() > 0, root.toString());
    }

    @Test
    void matchingRejectsAFileWithoutDescriptors() throws Exception {
        Path bad = tmp.resolve("not-outputs.safetensors");
        Files.writeString(bad, "definitely not a safetensors file");
        CliRun r = CliRun.of("bench", "--matching", bad.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("mast3r: " + bad), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void matchingIsExclusiveWithModelSources() {
        CliRun r = CliRun.of("bench", "--matching", "a.safetensors", "--synthetic", "config.json");
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
