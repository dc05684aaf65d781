package org.mast3r.pipeline;

import org.mast3r.geometry.PairPose;
import org.mast3r.geometry.PnpOptions;
import org.mast3r.geometry.RelativePose;
import org.mast3r.image.PreparedImage;
import org.mast3r.model.ViewOutput;

/**
 * Camera 2 in camera 1's frame from a matched pair, worked out at network resolution: view 1's metric
 * pointmap at the matched pixels against view 2's matched pixels (PnP, see {@link RelativePose}). Focals
 * are given in original pixels or estimated (view 1 from the pair's own pass, view 2 from a second pass
 * with view 2 first) and reported in original pixels.
 */
public final class PoseEstimation {
    /** The pose and the focals (original-image pixels) it used. */
    public record Result(PairPose pose, double focal1, double focal2) {}

    private PoseEstimation() {}

    /** {@code focal1}/{@code focal2}: original-image pixels, or null to estimate. */
    public static Result estimate(Mast3r model, ImagePair images, PairResult pair, Double focal1, Double focal2,
                                  long seed, Progress progress) {
        PreparedImage a = pair.image1(), b = pair.image2();
        double f1 = focal1 != null ? focal1 * a.scaleX() : RelativePose.focalFromOwnPointmap(pair.output().view1());
        double f2;
        if (focal2 != null) {
            f2 = focal2 * b.scaleX();
        } else {
            progress.update("network (view 2 first, for its focal)", 0, 1);
            ViewOutput own = model.infer(images.image2(), images.image1()).view1();
            progress.update("network (view 2 first, for its focal)", 1, 1);
            f2 = RelativePose.focalFromOwnPointmap(own);
        }
        PairPose pose = RelativePose.fromMatches(pair.networkMatches(), pair.output().view1(), f2, b.width(), b.height(),
                PnpOptions.defaults(seed));
        return new Result(pose, f1 / a.scaleX(), f2 / b.scaleX());
    }
}
