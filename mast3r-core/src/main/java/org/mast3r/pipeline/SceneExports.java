package org.mast3r.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mast3r.export.CameraFrustum;
import org.mast3r.export.ColmapText;
import org.mast3r.export.GlbWriter;
import org.mast3r.export.PointCloudPly;
import org.mast3r.geometry.PairPose;
import org.mast3r.image.PreparedImage;
import org.mast3r.model.ViewOutput;
import org.mast3r.pipeline.PairResult;
import org.mast3r.pipeline.PoseEstimation;

/**
 * The scene files of a {@link MatchJob} ({@code match --glb}, {@code match --colmap DIR}): both need the
 * pair's pose, which the job estimates for them as a pose request does.
 */
public final class SceneExports {
    private SceneExports() {}

    /** What was asked: scene.glb in the job's folder, and/or a COLMAP model in {@code colmap} (null: none). */
    public record Request(boolean glb, Path colmap) {
        public static final Request NONE = new Request(false, null);

        public boolean any() {
            return glb || colmap != null;
        }
    }

    /** Writes what {@code req} asks; returns the files written (COLMAP's as absolute paths) and notes for the user. */
    static List<String> write(Request req, Path dir, PairResult r, PoseEstimation.Result p, float minConf,
                              String[] names, List<String> notes) {
        List<String> written = new ArrayList<>();
        if (req.glb()) {
            GlbWriter.write(dir.resolve("scene.glb"), glbParts(r, p, minConf));
            written.add("scene.glb");
        }
        if (req.colmap() != null) {
            PairPose pose = p.pose();
            int points = ColmapText.write(req.colmap(), new ColmapText.View(names[0], r.image1(), p.focal1()),
                    new ColmapText.View(names[1], r.image2(), p.focal2()), pose.rotation(), pose.translation(),
                    r.matches().xy1(), r.matches().xy2(), r.output().view1());
            Path colmap = req.colmap().toAbsolutePath().normalize();
            for (String f : List.of("cameras.txt", "images.txt", "points3D.txt")) written.add(colmap.resolve(f).toString());
            if (points < r.matches().count()) {
                notes.add("colmap: " + (r.matches().count() - points) + " of " + r.matches().count()
                        + " matches have no 3D point (outside the network window or not finite)");
            }
        }
        return written;
    }

    /** Both views' clouds (the PLY's confidence rule) and both cameras, frustums sized as in cameras.ply. */
    private static List<GlbWriter.Part> glbParts(PairResult r, PoseEstimation.Result p, float minConf) {
        ViewOutput v1 = r.output().view1(), v2 = r.output().view2();
        PreparedImage a = r.image1(), b = r.image2();
        double depth = CameraFrustum.frustumDepth(v1.pts3d());
        float[] cam1 = CameraFrustum.segments(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3], a.width(), a.height(),
                p.focal1() * a.scaleX(), depth);
        float[] cam2 = CameraFrustum.segments(p.pose().rotation(), p.pose().translation(), b.width(), b.height(),
                p.focal2() * b.scaleX(), depth);
        return List.of(
                GlbWriter.Part.points("view1", v1.pts3d(), a.rgb(), PointCloudPly.confident(conf(v1), minConf)),
                GlbWriter.Part.points("view2", v2.pts3d(), b.rgb(), PointCloudPly.confident(conf(v2), minConf)),
                GlbWriter.Part.lines("camera1", cam1, CameraFrustum.colour(0)),
                GlbWriter.Part.lines("camera2", cam2, CameraFrustum.colour(1)));
    }

    /** DUSt3R-style heads without confidence keep every pixel, as MatchOutputs does for the PLY. */
    private static float[] conf(ViewOutput v) {
        return v.conf() != null ? v.conf() : new float[v.height() * v.width()];
    }
}
