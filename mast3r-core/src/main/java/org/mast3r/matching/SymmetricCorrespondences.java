package org.mast3r.matching;

import org.mast3r.kernels.Parallel;

/**
 * {@code extract_correspondences} of sparse global alignment: the matches of an image pair from both decoder
 * passes of symmetric inference. Pass (1, 2) gives descriptors d11 (image 1) and d21 (image 2), pass (2, 1)
 * gives d22 (image 2) and d12 (image 1). For each pass, fast reciprocal NN from image 1 to image 2 and from
 * image 2 to image 1 on the subsample grid; the four lists are concatenated in the reference's order
 * (pass 1: 1->2, 2->1 swapped; pass 2: likewise), merged by {@link MergeCorres}, and each kept pair is scored
 * {@code sqrt(q1 * q2)} with the image-1 and image-2 desc_conf of the pass of its first occurrence.
 */
// ref: naver/mast3r f5209af mast3r/cloud_opt/sparse_ga.py extract_correspondences (dist 'dot', block_size 2**13)
public final class SymmetricCorrespondences {
    private SymmetricCorrespondences() {}

    /**
     * Descriptor maps [H, W, D] and desc_conf maps [H*W]: {@code d11}, {@code q11} and {@code d12}, {@code q12}
     * of image 1 (H1 x W1), {@code d21}, {@code q21} and {@code d22}, {@code q22} of image 2. Returns the matches
     * at network resolution, xy1 in image 1, sorted by (y1 W1 + x1, y2 W2 + x2).
     */
    public static Matches extract(DescriptorMap d11, DescriptorMap d21, DescriptorMap d22, DescriptorMap d12,
                                  float[] q11, float[] q21, float[] q22, float[] q12, int subsample,
                                  Matcher matcher, Parallel parallel) {
        if (d11.h() != d12.h() || d11.w() != d12.w() || d21.h() != d22.h() || d21.w() != d22.w()) {
            throw new IllegalArgumentException("the two passes' descriptor maps of an image differ in size");
        }
        for (float[] q : new float[][] {q11, q12}) if (q.length != d11.pixels()) throw new IllegalArgumentException("image 1 needs one desc_conf per pixel");
        for (float[] q : new float[][] {q21, q22}) if (q.length != d21.pixels()) throw new IllegalArgumentException("image 2 needs one desc_conf per pixel");
        Pass p1 = pass(d11, d21, q11, q21, subsample, matcher, parallel);
        Pass p2 = pass(d12, d22, q12, q22, subsample, matcher, parallel);

        int[] idx1 = concat(p1.idx1, p2.idx1), idx2 = concat(p1.idx2, p2.idx2);
        float[] qa = concat(p1.qa, p2.qa), qb = concat(p1.qb, p2.qb);
        Pairs merged = MergeCorres.merge(idx1, idx2);
        float[] conf = new float[merged.size()];
        for (int k = 0; k < conf.length; k++) {
            int f = merged.firstIndex()[k];
            conf[k] = (float) Math.sqrt(qa[f] * qb[f]);    // numpy: float32 product, float32 sqrt
        }
        return new Matches(Pairs.toXy(merged.idx1(), d11.w()), Pairs.toXy(merged.idx2(), d21.w()), conf);
    }

    /** One pass's matches: image-1 then image-2 flat indices, with the pass's desc_conf at each end. */
    private record Pass(int[] idx1, int[] idx2, float[] qa, float[] qb) {}

    private static Pass pass(DescriptorMap a, DescriptorMap b, float[] qa, float[] qb, int subsample, Matcher matcher, Parallel parallel) {
        NearestNeighbors ab = matcher.create(a, b, parallel);
        NearestNeighbors ba = matcher.create(b, a, parallel);
        Pairs p12 = FastReciprocalNN.run(a.h(), a.w(), Seeds.grid(subsample), 0, ab, ba);
        Pairs p21 = FastReciprocalNN.run(b.h(), b.w(), Seeds.grid(subsample), 0, ba, ab);
        // ref: idx1 = np.r_[nn1to2[0], nn2to1[1]]; idx2 = np.r_[nn1to2[1], nn2to1[0]]
        int[] i1 = concat(p12.idx1(), p21.idx2()), i2 = concat(p12.idx2(), p21.idx1());
        float[] ca = new float[i1.length], cb = new float[i1.length];
        for (int k = 0; k < i1.length; k++) {
            ca[k] = qa[i1[k]];
            cb[k] = qb[i2[k]];
        }
        return new Pass(i1, i2, ca, cb);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
