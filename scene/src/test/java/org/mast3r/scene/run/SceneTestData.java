package org.mast3r.scene.run;

import java.nio.file.Path;
import java.util.Map;
import org.mast3r.common.Fixtures;
import org.mast3r.common.Json;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;
import org.mast3r.pipeline.Mast3r;
import org.mast3r.weights.ModelConfig;
import org.mast3r.weights.SynthSpec;

/** The tiny synthetic MASt3R and the multiview fixture's four 256x192 renders; tests fail (never skip) without the fixtures. */
final class SceneTestData {
    private SceneTestData() {}

    static ModelConfig tinyConfig() {
        return ModelConfig.fromJson(Json.read(Fixtures.dir("mast3r-tiny").resolve("config.json")), "config.json");
    }

    static Mast3r tinyModel() {
        return Mast3r.synthetic(tinyConfig(), new SynthSpec(0, 1.0, Map.of()), 2);
    }

    static Path view(int k) {
        return Fixtures.dir("multiview").resolve("view" + k + ".png");
    }

    static PreparedImage prepared(int k, int size) {
        return Preprocess.load(view(k), size, false);
    }
}
