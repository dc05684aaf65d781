package org.mast3r.geometry;

/**
 * How a robust solve ended. Anything but {@link #OK} comes with finite placeholder numbers (identity
 * rotation, zero translation) so a caller can still write a result file and flag it.
 */
public enum SolveStatus {
    OK,
    /** Fewer points than the minimal sample (3 for alignment, 4 for PnP). */
    TOO_FEW_POINTS,
    /** The points cannot fix a pose: 3D points on a line, or every image ray in one plane. */
    DEGENERATE,
    /** No hypothesis gathered the minimum number of inliers (e.g. all correspondences are outliers). */
    NO_CONSENSUS
}
