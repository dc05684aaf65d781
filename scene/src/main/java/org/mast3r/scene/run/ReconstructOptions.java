package org.mast3r.scene.run;

import java.nio.file.Path;
import java.util.List;
import org.mast3r.scene.align.AlignOptions;

/**
 * Everything {@code mast3r reconstruct} takes, as one value a command line, a server or a Spark job builds.
 * Defaults ({@link #builder}) are mast3r/demo.py's where it has one.
 *
 * @param images           image files or folders (a folder stands for its .png/.jpg/.jpeg files sorted by name)
 * @param checkpoint       checkpoint folder, .safetensors (with {@code config}) or .pth
 * @param out              output folder
 * @param sceneGraph       complete, swin-K, logwin-K or oneref-I (ignored when {@code pairsFile} is given)
 * @param pairsFile        a pair list file, or null
 * @param size             network input size, 512 or 224
 * @param subsample        the matching grid and anchor stride
 * @param intrinsicsFile   known intrinsics (see {@link PriorFiles}), or null
 * @param posesFile        known camera-to-world poses (see {@link PriorFiles}), or null
 * @param minConf          dense points above this confidence go to scene.ply and scene.glb
 * @param refine           run the bundle adjustment after the alignment
 * @param colmap           folder of a COLMAP text model, or null
 * @param resume           reuse the pairs a previous run of the same inputs left in {@code out/pairs}
 * @param force            write into a non-empty {@code out} (and {@code colmap}), starting over
 */
public record ReconstructOptions(List<Path> images, Path checkpoint, Path config, Path out,
                                 String sceneGraph, Path pairsFile, int size, int subsample,
                                 int niter1, int niter2, double lr1, double lr2, AlignOptions.Kinematic kinematic,
                                 boolean sharedIntrinsics, Path intrinsicsFile, boolean refineIntrinsics, Path posesFile,
                                 float minConf, boolean refine, boolean glb, Path colmap,
                                 int threads, String device, boolean resume, boolean force) {
    public ReconstructOptions {
        images = List.copyOf(images);
    }

    /** These options for other image files (the local copies of remote images, say). */
    public ReconstructOptions withImages(List<Path> files) {
        return new ReconstructOptions(files, checkpoint, config, out, sceneGraph, pairsFile, size, subsample, niter1, niter2, lr1, lr2,
                kinematic, sharedIntrinsics, intrinsicsFile, refineIntrinsics, posesFile, minConf, refine, glb, colmap, threads, device, resume, force);
    }

    /** The options of sparse global alignment these stand for. */
    public AlignOptions alignOptions() {
        AlignOptions d = AlignOptions.defaults();
        return new AlignOptions(subsample, lr1, niter1, lr2, niter2, kinematic, sharedIntrinsics,
                d.matchingConfThr(), d.optPrincipalPoint(), d.optDepth());
    }

    public static Builder builder(List<Path> images, Path checkpoint) {
        return new Builder(images, checkpoint);
    }

    /** demo.py's defaults; every field settable. */
    public static final class Builder {
        private final List<Path> images;
        private final Path checkpoint;
        private Path config, out = Path.of("mast3r-scene"), pairsFile, intrinsicsFile, posesFile, colmap;
        private String sceneGraph = "complete", device = "cpu";
        private int size = 512, subsample = 8, niter1 = 300, niter2 = 300, threads = Runtime.getRuntime().availableProcessors();
        private double lr1 = 0.07, lr2 = 0.01;
        private AlignOptions.Kinematic kinematic = AlignOptions.Kinematic.HCLUST_WARD;
        private boolean sharedIntrinsics, refineIntrinsics, refine = true, glb, resume, force;
        private float minConf = 1.5f;

        private Builder(List<Path> images, Path checkpoint) {
            this.images = images;
            this.checkpoint = checkpoint;
        }

        public Builder config(Path v) { config = v; return this; }
        public Builder out(Path v) { out = v; return this; }
        public Builder sceneGraph(String v) { sceneGraph = v; return this; }
        public Builder pairsFile(Path v) { pairsFile = v; return this; }
        public Builder size(int v) { size = v; return this; }
        public Builder subsample(int v) { subsample = v; return this; }
        public Builder niter1(int v) { niter1 = v; return this; }
        public Builder niter2(int v) { niter2 = v; return this; }
        public Builder lr1(double v) { lr1 = v; return this; }
        public Builder lr2(double v) { lr2 = v; return this; }
        public Builder kinematic(AlignOptions.Kinematic v) { kinematic = v; return this; }
        public Builder sharedIntrinsics(boolean v) { sharedIntrinsics = v; return this; }
        public Builder intrinsicsFile(Path v) { intrinsicsFile = v; return this; }
        public Builder refineIntrinsics(boolean v) { refineIntrinsics = v; return this; }
        public Builder posesFile(Path v) { posesFile = v; return this; }
        public Builder minConf(float v) { minConf = v; return this; }
        public Builder refine(boolean v) { refine = v; return this; }
        public Builder glb(boolean v) { glb = v; return this; }
        public Builder colmap(Path v) { colmap = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder force(boolean v) { force = v; return this; }

        public ReconstructOptions build() {
            return new ReconstructOptions(images, checkpoint, config, out, sceneGraph, pairsFile, size, subsample,
                    niter1, niter2, lr1, lr2, kinematic, sharedIntrinsics, intrinsicsFile, refineIntrinsics, posesFile,
                    minConf, refine, glb, colmap, threads, device, resume, force);
        }
    }
}
