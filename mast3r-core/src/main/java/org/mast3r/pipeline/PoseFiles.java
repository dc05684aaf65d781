package org.mast3r.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.mast3r.common.AtomicFiles;
import org.mast3r.common.BadInputException;
import org.mast3r.common.Json;
import org.mast3r.export.CameraFrustum;
import org.mast3r.export.PointCloudPly;
import org.mast3r.geometry.PairPose;
import org.mast3r.model.ViewOutput;
import org.mast3r.pipeline.PairResult;
import org.mast3r.pipeline.PoseEstimation;

/**
 * pose.json (camera 2 in camera 1's frame: X1 = rotation * X2 + translation, metres; focals in
 * original pixels) and cameras.ply (view 1's points and both cameras as small frustums).
 */
final class PoseFiles {
    private PoseFiles() {}

    /** Writes both files into {@code dir}; {@code refPose} is camera 1's world pose or null. Returns the names. */
    static List<String> write(Path dir, PoseEstimation.Result result, PairResult pair, RefPose refPose) {
        PairPose p = result.pose();
        ObjectNode j = Json.MAPPER.createObjectNode();
        j.put("focal1", result.focal1());
        j.put("focal2", result.focal2());
        j.set("rotation", rows(p.rotation()));
        j.set("quaternion", array(p.quaternion()));
        j.set("translation", array(p.translation()));
        if (refPose != null) {
            double[][] world = refPose.compose(p.rotation(), p.translation());
            ObjectNode w = j.putObject("world");
            w.set("rotation", rows(world[0]));
            w.set("translation", array(world[1]));
        }
        j.put("matches", p.matchCount());
        j.put("inliers", p.inlierCount());
        j.put("median_reprojection_px", p.medianReprojectionPx());
        j.put("low_confidence", p.lowConfidence());
        j.put("status", p.status().name());
        try {
            AtomicFiles.writeString(dir.resolve("pose.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(j) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pose.json could not be serialised", e);
        }
        ViewOutput v1 = pair.output().view1();
        CameraFrustum.Cloud cloud = CameraFrustum.withCameras(v1.pts3d(), pair.image1().rgb(),
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3], pair.image1().width(), pair.image1().height(), result.focal1() * pair.image1().scaleX(),
                p.rotation(), p.translation(), pair.image2().width(), pair.image2().height(), result.focal2() * pair.image2().scaleX());
        PointCloudPly.write(dir.resolve("cameras.ply"), cloud.xyz(), cloud.rgb(), cloud.conf(), cloud.all());
        return List.of("pose.json", "cameras.ply");
    }

    private static ArrayNode rows(double[] m) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (int r = 0; r < 3; r++) a.add(Json.MAPPER.createArrayNode().add(m[3 * r]).add(m[3 * r + 1]).add(m[3 * r + 2]));
        return a;
    }

    private static ArrayNode array(double[] v) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (double x : v) a.add(x == 0 ? 0.0 : x);   // no "-0.0" in the file
        return a;
    }

    /** Camera 1's pose in the world: X_world = rotation * X1 + translation. */
    record RefPose(double[] rotation, double[] translation) {
        /**
         * Reads {@code {"rotation": [[3x3]], "translation": [3]}} or {@code {"cam_to_world": [[4x4]]}}.
         */
        static RefPose read(Path file) {
            JsonNode j = Json.read(file);
            String subject = file.toString();
            if (j.has("cam_to_world")) {
                JsonNode m = j.get("cam_to_world");
                double[] r = new double[9], t = new double[3];
                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < 3; k++) r[3 * i + k] = number(m.path(i).path(k), subject);
                    t[i] = number(m.path(i).path(3), subject);
                }
                return new RefPose(r, t);
            }
            double[] r = new double[9], t = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) r[3 * i + k] = number(j.path("rotation").path(i).path(k), subject);
                t[i] = number(j.path("translation").path(i), subject);
            }
            return new RefPose(r, t);
        }

        private static double number(JsonNode n, String subject) {
            if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
                throw new BadInputException(subject, "expected {\"rotation\": 3x3, \"translation\": [3]} or {\"cam_to_world\": 4x4} of numbers");
            }
            return n.asDouble();
        }

        /** Camera 2 in the world from camera 2 in camera 1's frame: {R1 R, R1 t + t1}. */
        double[][] compose(double[] r, double[] t) {
            double[] rw = new double[9], tw = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    for (int m = 0; m < 3; m++) rw[3 * i + k] += rotation[3 * i + m] * r[3 * m + k];
                    tw[i] += rotation[3 * i + k] * t[k];
                }
                tw[i] += translation[i];
            }
            return new double[][] {rw, tw};
        }
    }
}
