package org.mast3r.scene.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.scene.align.AlignOptions;
import org.mast3r.scene.align.AlignmentInput;
import org.mast3r.scene.align.PairCorrespondences;
import org.mast3r.scene.align.PairPrediction;
import org.mast3r.weights.Safetensors;

/**
 * A {@code multiview} fixture folder (see shared/fixtures/README.md): the alignment's inputs as the
 * reference read them from its cache, its run options, and its outputs (opened on demand).
 */
public final class MultiviewFixture implements AutoCloseable {
    private final Path dir;
    private final JsonNode manifest;
    private final Safetensors inputs;
    private final Safetensors outputs;

    private MultiviewFixture(Path dir, JsonNode manifest, Safetensors inputs, Safetensors outputs) {
        this.dir = dir;
        this.manifest = manifest;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    public static MultiviewFixture open(Path dir) {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) throw new BadInputException(dir.toString(), "no manifest.json");
        JsonNode m = Json.read(manifestFile);
        JsonNode files = m.path("files");
        Safetensors in = Safetensors.open(dir.resolve(files.path("inputs").asText("inputs.safetensors")));
        try {
            return new MultiviewFixture(dir, m, in, Safetensors.open(dir.resolve(files.path("outputs").asText("outputs.safetensors"))));
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public JsonNode manifest() {
        return manifest;
    }

    public Safetensors outputs() {
        return outputs;
    }

    public int images() {
        return manifest.path("imgs").size();
    }

    /** The reference call's options (manifest {@code run_options}); anything missing keeps demo.py's default. */
    public AlignOptions options() {
        JsonNode o = manifest.path("run_options");
        AlignOptions d = AlignOptions.defaults();
        String kin = o.path("kinematic_mode").asText("hclust-ward");
        AlignOptions.Kinematic kinematic = switch (kin) {
            case "hclust-ward" -> AlignOptions.Kinematic.HCLUST_WARD;
            case "mst" -> AlignOptions.Kinematic.MST;
            default -> throw new BadInputException(dir.resolve("manifest.json").toString(), "unknown kinematic_mode " + kin);
        };
        return new AlignOptions(o.path("subsample").asInt(d.subsample()), o.path("lr1").asDouble(d.lr1()),
                o.path("niter1").asInt(d.niter1()), o.path("lr2").asDouble(d.lr2()), o.path("niter2").asInt(d.niter2()),
                kinematic, o.path("shared_intrinsics").asBoolean(false), o.path("matching_conf_thr").asDouble(d.matchingConfThr()),
                true, o.path("opt_depth").asBoolean(true));
    }

    /** The inputs exactly as the reference read them (X11 rebuilt from depth11 and focal11, see the README). */
    public AlignmentInput input() {
        int n = images();
        int[] heights = new int[n], widths = new int[n];
        for (int k = 0; k < n; k++) {
            int[] hw = inputs.require("view." + k + ".true_shape").toInts();
            heights[k] = hw[0];
            widths[k] = hw[1];
        }
        List<int[]> pairs = indexPairs(manifest.path("pairs"));
        List<PairPrediction> predictions = new ArrayList<>();
        String sub = "_sub" + options().subsample();          // the cached X21 / C21 keys: X21_sub8 ...
        for (int[] p : pairs) predictions.add(prediction(p[0], p[1], heights[p[0]], widths[p[0]], sub));
        List<PairCorrespondences> matches = new ArrayList<>();
        for (int[] p : indexPairs(manifest.path("correspondence_orientation"))) {
            String key = "corres." + p[0] + "." + p[1];
            matches.add(new PairCorrespondences(p[0], p[1], inputs.require(key + ".xy1").toInts(),
                    inputs.require(key + ".xy2").toInts(), inputs.require(key + ".conf").toFloats(),
                    inputs.require(key + ".score").toDoubles()));
        }
        return new AlignmentInput(heights, widths, pairs, predictions, matches);
    }

    private PairPrediction prediction(int a, int b, int h, int w, String sub) {
        String key = "pair." + a + "." + b;
        float[] depth = inputs.require(key + ".depth11").toFloats();
        double f = inputs.require(key + ".focal11").toDoubles()[0];
        // X11[y,x] = ((x - W/2) / f * z, (y - H/2) / f * z, z), in float64, rounded once to float32
        float[] x11 = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double z = depth[i];
                x11[3 * i] = (float) ((x - w / 2.0) / f * z);
                x11[3 * i + 1] = (float) ((y - h / 2.0) / f * z);
                x11[3 * i + 2] = (float) z;
            }
        }
        return new PairPrediction(a, b, x11, inputs.require(key + ".C11").toFloats(),
                inputs.require(key + ".X21" + sub).toFloats(), inputs.require(key + ".C21" + sub).toFloats());
    }

    private static List<int[]> indexPairs(JsonNode list) {
        List<int[]> out = new ArrayList<>();
        for (JsonNode p : list) out.add(new int[] {p.get(0).asInt(), p.get(1).asInt()});
        return out;
    }

    @Override
    public void close() {
        inputs.close();
        outputs.close();
    }
}
