package org.mast3r.matching;

/**
 * How two descriptors are compared. {@code DOT}: larger dot product is nearer (cosine-style descriptors);
 * {@code L2}: smaller Euclidean distance is nearer, evaluated the way {@code torch.cdist} does.
 */
public enum Dist {
    DOT, L2;

    /** Parses the reference's {@code dist=} keyword ({@code "dot"} or {@code "l2"}). */
    public static Dist parse(String s) {
        return switch (s) {
            case "dot" -> DOT;
            case "l2" -> L2;
            default -> throw new IllegalArgumentException("unknown dist '" + s + "' (expected dot or l2)");
        };
    }
}
