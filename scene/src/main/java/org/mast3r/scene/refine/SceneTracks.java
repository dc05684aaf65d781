package org.mast3r.scene.refine;

import org.mast3r.scene.align.PairCorrespondences;
import java.util.ArrayList;
import java.util.List;

/** Multi-view tracks chained from the pair matches, each with its point triangulated from the given cameras. */
public final class SceneTracks {
    private SceneTracks() {}

    /** {@code points} [T, 3] world points of {@code tracks}; tracks that triangulate behind a camera are left out. */
    public record Triangulated(List<Track> tracks, double[] points) {}

    public static Triangulated of(List<Camera> cameras, List<PairCorrespondences> matches) {
        double[] packed = CameraArray.pack(cameras);
        List<Track> kept = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (Track t : Tracks.build(cameras.size(), matches)) {
            double[] xy = new double[t.xy().length];
            for (int i = 0; i < xy.length; i++) xy[i] = t.xy()[i];
            double[] p = Triangulation.point(packed, t.images(), xy);
            if (p == null) continue;
            kept.add(t);
            points.add(p);
        }
        double[] flat = new double[3 * points.size()];
        for (int t = 0; t < points.size(); t++) System.arraycopy(points.get(t), 0, flat, 3 * t, 3);
        return new Triangulated(kept, flat);
    }
}
