package org.mast3r.matching;

import org.mast3r.kernels.Parallel;

/**
 * {@code extract_correspondences_nonsym}: fast reciprocal NN from A to B and from B to A, both result
 * lists concatenated (A->B first, then B->A swapped), merged by {@link MergeCorres}, and each kept pair
 * scored {@code min(confA[xy1], confB[xy2])} at its first occurrence. With a pixel tolerance the seeds
 * are the subsample grid given as explicit points (one round, seeds returned).
 * // ref: mast3r/fast_nn.py extract_correspondences_nonsym
 */
public final class Correspondences {
    private Correspondences() {}

    /** {@code confA} [HA*WA], {@code confB} [HB*WB]. */
    public static Matches extractNonsym(DescriptorMap a, DescriptorMap b, float[] confA, float[] confB,
                                        int subsample, double pixelTol, Matcher matcher, Parallel parallel) {
        if (confA.length != a.pixels() || confB.length != b.pixels()) {
            throw new IllegalArgumentException("confidence maps must have one value per pixel");
        }
        // One search object per direction, shared by both runs so each pixel is searched once.
        NearestNeighbors ab = matcher.create(a, b, parallel);
        NearestNeighbors ba = matcher.create(b, a, parallel);
        Seeds seedsA = pixelTol == 0 ? Seeds.grid(subsample) : Seeds.gridPoints(subsample, a.h(), a.w());
        Seeds seedsB = pixelTol == 0 ? Seeds.grid(subsample) : Seeds.gridPoints(subsample, b.h(), b.w());
        Pairs p12 = FastReciprocalNN.run(a.h(), a.w(), seedsA, pixelTol, ab, ba);
        Pairs p21 = FastReciprocalNN.run(b.h(), b.w(), seedsB, pixelTol, ba, ab);

        int n = p12.size() + p21.size();
        int[] idx1 = new int[n], idx2 = new int[n];
        System.arraycopy(p12.idx1(), 0, idx1, 0, p12.size());
        System.arraycopy(p21.idx2(), 0, idx1, p12.size(), p21.size());
        System.arraycopy(p12.idx2(), 0, idx2, 0, p12.size());
        System.arraycopy(p21.idx1(), 0, idx2, p12.size(), p21.size());
        Pairs merged = MergeCorres.merge(idx1, idx2);
        float[] conf = new float[merged.size()];
        for (int k = 0; k < conf.length; k++) {
            int f = merged.firstIndex()[k];
            conf[k] = Math.min(confA[idx1[f]], confB[idx2[f]]);
        }
        return new Matches(Pairs.toXy(merged.idx1(), a.w()), Pairs.toXy(merged.idx2(), b.w()), conf);
    }
}
