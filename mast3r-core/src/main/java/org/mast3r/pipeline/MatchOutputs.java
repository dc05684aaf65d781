package org.mast3r.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mast3r.export.ColorMap;
import org.mast3r.export.MatchCsv;
import org.mast3r.export.MatchPicture;
import org.mast3r.export.PngFiles;
import org.mast3r.export.PointCloudPly;
import org.mast3r.image.PreparedImage;
import org.mast3r.model.ViewOutput;
import org.mast3r.pipeline.PairResult;
import org.mast3r.pipeline.PixelMatches;

/**
 * The files of {@code mast3r match}: matches.csv, view{1,2}.ply, matches.png, depth{1,2}.png,
 * conf{1,2}.png. Records value ranges and vertex counts into the summary as it goes.
 */
final class MatchOutputs {
    static final int MATCH_LINES = 300;

    private final Path dir;
    private final ObjectNode summary;
    private final List<String> written = new ArrayList<>();

    MatchOutputs(Path dir, ObjectNode summary) {
        this.dir = dir;
        this.summary = summary;
    }

    List<String> written() {
        return written;
    }

    /** Writes every file; returns notes for the user (a confidence filter that emptied a view). */
    List<String> writeAll(PairResult r, float minConf) {
        List<String> notes = new ArrayList<>();
        PixelMatches m = r.matches();
        MatchCsv.write(file("matches.csv"), m.xy1(), m.xy2(), m.conf());
        ObjectNode ply = summary.putObject("ply");
        notes.addAll(pointCloud("view1.ply", r.output().view1(), r.image1(), minConf, ply));
        notes.addAll(pointCloud("view2.ply", r.output().view2(), r.image2(), minConf, ply));
        matchPicture(r);
        ObjectNode ranges = summary.putObject("ranges");
        picture("depth1.png", depth(r.output().view1()), r.output().view1(), ranges);
        picture("depth2.png", depth(r.output().view2()), r.output().view2(), ranges);
        picture("conf1.png", r.output().view1().conf(), r.output().view1(), ranges);
        picture("conf2.png", r.output().view2().conf(), r.output().view2(), ranges);
        return notes;
    }

    private Path file(String name) {
        written.add(name);
        return dir.resolve(name);
    }

    private List<String> pointCloud(String name, ViewOutput v, PreparedImage img, float minConf, ObjectNode ply) {
        float[] conf = v.conf() != null ? v.conf() : new float[v.height() * v.width()];
        int[] keep = PointCloudPly.confident(conf, minConf);
        PointCloudPly.write(file(name), v.pts3d(), img.rgb(), conf, keep);
        ply.put(name, keep.length);
        boolean emptied = keep.length == 1 && conf[keep[0]] < minConf;
        return emptied ? List.of(name + ": no pixel reaches --min-conf " + minConf + "; kept the most confident one") : List.of();
    }

    private void matchPicture(PairResult r) {
        PreparedImage a = r.image1(), b = r.image2();
        PixelMatches m = r.matches();
        double[] n1 = toNetwork(m.xy1(), a), n2 = toNetwork(m.xy2(), b);
        BufferedImage pic = MatchPicture.render(PngFiles.picture(a.image()), PngFiles.picture(b.image()), n1, n2, m.conf(), MATCH_LINES);
        PngFiles.write(file("matches.png"), pic);
    }

    /** Original-image pixels to the network image's pixels (inverse of PreparedImage.originalX/Y). */
    private static double[] toNetwork(double[] xy, PreparedImage img) {
        double[] out = new double[xy.length];
        for (int k = 0; k < xy.length / 2; k++) {
            out[2 * k] = img.networkX(xy[2 * k]);
            out[2 * k + 1] = img.networkY(xy[2 * k + 1]);
        }
        return out;
    }

    private static float[] depth(ViewOutput v) {
        float[] z = new float[v.height() * v.width()];
        for (int p = 0; p < z.length; p++) z[p] = v.pts3d()[3 * p + 2];
        return z;
    }

    private void picture(String name, float[] values, ViewOutput v, ObjectNode ranges) {
        if (values == null) return;
        double[] range = ColorMap.range(values);
        PngFiles.write(file(name), ColorMap.render(values, v.width(), v.height(), range[0], range[1]));
        ranges.putArray(name).add(range[0]).add(range[1]);
    }
}
