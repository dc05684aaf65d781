package org.mast3r.tools.demo;

import org.mast3r.image.RgbImage;

/**
 * The demo's two photographs, made here: a small ray-cast room (chequered floor, brick back wall, plain
 * side wall, three noise-textured spheres) seen by two cameras a step apart. Textures carry fine detail
 * so descriptors have something to match. OpenCV camera axes: x right, y down, z forward.
 */
public final class DemoScene {
    private static final double FLOOR_Y = 1.5, BACK_Z = 9, SIDE_X = -4;
    private static final double[][] SPHERES = {{-1.2, 0.8, 5.0, 0.7}, {0.6, 0.6, 6.2, 0.9}, {1.9, 1.0, 4.6, 0.5}};
    private static final double[][] SPHERE_RGB = {{0.80, 0.20, 0.15}, {0.20, 0.65, 0.25}, {0.20, 0.35, 0.85}};
    private static final double[] LIGHT = normalize(new double[] {0.35, 1.0, 0.6});   // travelling down and forward

    private DemoScene() {}

    /** View 0 (640x480 at the origin) or view 1 (800x600, moved right and turned left). */
    public static RgbImage view(int index) {
        return index == 0
                ? render(640, 480, new double[] {0, 0, 0}, 0, 0.9)
                : render(800, 600, new double[] {0.9, -0.15, 0.4}, Math.toRadians(-9), 0.95);
    }

    /** A width x height picture from {@code eye}, turned by {@code yaw} about y; focal = f * width. */
    public static RgbImage render(int width, int height, double[] eye, double yaw, double f) {
        byte[] rgb = new byte[width * height * 3];
        double focal = f * width, c = Math.cos(yaw), s = Math.sin(yaw);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] sum = new double[3];
                for (int sy = 0; sy < 2; sy++) {
                    for (int sx = 0; sx < 2; sx++) {
                        double dx = (x + 0.25 + 0.5 * sx - width / 2.0) / focal, dy = (y + 0.25 + 0.5 * sy - height / 2.0) / focal;
                        double[] dir = normalize(new double[] {c * dx + s, dy, -s * dx + c});
                        double[] col = shade(eye, dir);
                        for (int k = 0; k < 3; k++) sum[k] += col[k] / 4;
                    }
                }
                for (int k = 0; k < 3; k++) rgb[3 * (y * width + x) + k] = (byte) Math.round(255 * Math.min(1, Math.max(0, sum[k])));
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /** Colour seen along a ray: the nearest surface, lit by one directional light plus ambient. */
    private static double[] shade(double[] o, double[] d) {
        double best = Double.POSITIVE_INFINITY;
        double[] albedo = {0.7, 0.8, 0.95}, normal = {0, 0, -1};
        double t = (FLOOR_Y - o[1]) / d[1];
        if (d[1] > 1e-9 && t < best) {
            best = t;
            double[] p = at(o, d, t);
            double check = ((Math.floorMod((long) Math.floor(p[0]), 2) + Math.floorMod((long) Math.floor(p[2]), 2)) % 2 == 0) ? 0.85 : 0.45;
            albedo = tint(new double[] {check, check * 0.95, check * 0.8}, p, 6);
            normal = new double[] {0, -1, 0};
        }
        t = (BACK_Z - o[2]) / d[2];
        if (d[2] > 1e-9 && t < best) {
            best = t;
            albedo = tint(brick(at(o, d, t)), at(o, d, t), 8);
            normal = new double[] {0, 0, -1};
        }
        t = (SIDE_X - o[0]) / d[0];
        if (d[0] < -1e-9 && t < best) {
            best = t;
            albedo = tint(new double[] {0.55, 0.6, 0.7}, at(o, d, t), 3);
            normal = new double[] {1, 0, 0};
        }
        for (int i = 0; i < SPHERES.length; i++) {
            double ts = sphere(o, d, SPHERES[i]);
            if (ts < best) {
                best = ts;
                double[] p = at(o, d, ts);
                normal = normalize(new double[] {p[0] - SPHERES[i][0], p[1] - SPHERES[i][1], p[2] - SPHERES[i][2]});
                albedo = tint(SPHERE_RGB[i], p, 10);
            }
        }
        double light = 0.35 + 0.65 * Math.max(0, -(normal[0] * LIGHT[0] + normal[1] * LIGHT[1] + normal[2] * LIGHT[2]));
        return new double[] {albedo[0] * light, albedo[1] * light, albedo[2] * light};
    }

    /** Bricks 0.5 m x 0.25 m, every other row shifted half a brick, with light mortar joints. */
    private static double[] brick(double[] p) {
        double row = Math.floor(p[1] / 0.25), u = p[0] / 0.5 + (row % 2 == 0 ? 0 : 0.5);
        double fu = u - Math.floor(u), fv = p[1] / 0.25 - row;
        if (fu < 0.05 || fv < 0.1) return new double[] {0.8, 0.78, 0.72};
        double shade = 0.8 + 0.2 * hash(Math.floor(u), row, 7);
        return new double[] {0.65 * shade, 0.3 * shade, 0.22 * shade};
    }

    /** Multiplies a colour by value noise at {@code scale} cells per metre, so every surface has texture. */
    private static double[] tint(double[] rgb, double[] p, double scale) {
        double n = 0.75 + 0.25 * valueNoise(p[0] * scale, p[1] * scale, p[2] * scale);
        return new double[] {rgb[0] * n, rgb[1] * n, rgb[2] * n};
    }

    private static double valueNoise(double x, double y, double z) {
        long xi = (long) Math.floor(x), yi = (long) Math.floor(y), zi = (long) Math.floor(z);
        double fx = smooth(x - xi), fy = smooth(y - yi), fz = smooth(z - zi), v = 0;
        for (int k = 0; k < 8; k++) {
            int a = k & 1, b = (k >> 1) & 1, e = (k >> 2) & 1;
            double w = (a == 1 ? fx : 1 - fx) * (b == 1 ? fy : 1 - fy) * (e == 1 ? fz : 1 - fz);
            v += w * hash(xi + a, yi + b, zi + e);
        }
        return v;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** A fixed pseudo-random value in [0, 1) per integer lattice point. */
    private static double hash(double x, double y, double z) {
        long h = (long) x * 0x9E3779B97F4A7C15L ^ (long) y * 0xC2B2AE3D27D4EB4FL ^ (long) z * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-53;
    }

    private static double sphere(double[] o, double[] d, double[] s) {
        double ox = o[0] - s[0], oy = o[1] - s[1], oz = o[2] - s[2];
        double b = ox * d[0] + oy * d[1] + oz * d[2], c = ox * ox + oy * oy + oz * oz - s[3] * s[3];
        double disc = b * b - c;
        if (disc < 0) return Double.POSITIVE_INFINITY;
        double t = -b - Math.sqrt(disc);
        return t > 1e-6 ? t : Double.POSITIVE_INFINITY;
    }

    private static double[] at(double[] o, double[] d, double t) {
        return new double[] {o[0] + t * d[0], o[1] + t * d[1], o[2] + t * d[2]};
    }

    private static double[] normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }
}
