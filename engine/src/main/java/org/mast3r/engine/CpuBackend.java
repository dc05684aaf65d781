package org.mast3r.engine;

import java.lang.foreign.MemorySegment;
import org.mast3r.kernels.Attention;
import org.mast3r.kernels.Conv2d;
import org.mast3r.kernels.ConvTranspose2d;
import org.mast3r.kernels.Elementwise;
import org.mast3r.kernels.Gelu;
import org.mast3r.kernels.Gemm;
import org.mast3r.kernels.LayerNorm;
import org.mast3r.kernels.Parallel;
import org.mast3r.kernels.PixelShuffle;
import org.mast3r.kernels.Resize;
import org.mast3r.kernels.Rope2d;
import org.mast3r.kernels.Transpose;
import org.mast3r.kernels.WeightType;

/**
 * The Vector API backend: activations are heap float[], weights the segments of the mapped checkpoint
 * (F32, or F16/BF16 widened inside the kernels). Each op takes its output from a pool of the arrays of
 * activations whose {@link Scope} closed, and calls one kernel; threads come from one worker pool.
 */
public final class CpuBackend implements Backend {
    /** Released activations up to 128 MiB: an encoder block's temporaries (the flagship's pair: 63 MiB) fit with room. */
    private static final long POOL_FLOATS = 32L << 20;

    private final Parallel parallel;
    private final KernelProfile profile;
    private final FloatPool pool;
    private final ScopeStack scopes;

    public CpuBackend(int threads) {
        this(threads, KernelProfile.OFF);
    }

    /** With -Dmast3r.nanReleased=true (the build's tests) released activations are filled with NaN. */
    public CpuBackend(int threads, KernelProfile profile) {
        this(threads, profile, Boolean.getBoolean("mast3r.nanReleased"));
    }

    CpuBackend(int threads, KernelProfile profile, boolean nanReleased) {
        this.parallel = new Parallel(threads);
        this.profile = profile;
        this.pool = new FloatPool(POOL_FLOATS, nanReleased);
        this.scopes = new ScopeStack(t -> pool.give(data(t)));
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int threads() {
        return parallel.threads();
    }

    private static float[] data(Tensor t) {
        return (float[]) t.handle();
    }

    /** A float32 parameter's segment (biases, norm scales: {@link #param} widened them if stored 16-bit). */
    private static MemorySegment seg(Param p) {
        if (p != null && p.type() != WeightType.F32) throw new IllegalArgumentException("cpu: " + p + " is " + p.type() + ", expected F32");
        return p == null ? null : (MemorySegment) p.handle();
    }

    /** A weight matrix's segment, in its stored type {@code w.type()}. */
    private static MemorySegment matrix(Param w) {
        return (MemorySegment) w.handle();
    }

    /**
     * An output tensor from the pool, owned by the calling thread's innermost scope: every op overwrites all of
     * its output, so stale contents never show.
     */
    private Tensor alloc(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return scopes.own(new Tensor(pool.take(Math.toIntExact(n)), shape));
    }

    @Override
    public Scope scope() {
        return scopes.open();
    }

    @Override
    public Tensor upload(float[] data, int... shape) {
        Tensor t = alloc(shape);
        if (data.length != t.size()) throw new IllegalArgumentException("data has " + data.length + " values for " + t);
        System.arraycopy(data, 0, data(t), 0, data.length);
        return t;
    }

    @Override
    public float[] download(Tensor t) {
        return data(t).clone();
    }

    /**
     * F32 and 16-bit matrices are kept as they are (the mapped checkpoint: no copy); the kernels widen 16-bit
     * matrices as they read them. 1-D tensors (biases, LayerNorm scales) are read by kernels as float32, and
     * are tiny, so a 16-bit one is widened here once.
     */
    @Override
    public Param param(String name, MemorySegment data, WeightType type, long... shape) {
        if (type == WeightType.F32 || shape.length >= 2) return new Param(name, shape, data, type);
        long n = 1;
        for (long d : shape) n *= d;
        float[] f32 = new float[Math.toIntExact(n)];
        type.read(data, 0, f32, 0, f32.length);
        return new Param(name, shape, MemorySegment.ofArray(f32), WeightType.F32);
    }

    @Override
    public Tensor linear(Tensor x, Param w, Param b) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        Tensor y = alloc(OpShapes.linear(x, w));
        long t0 = profile.start();
        Gemm.linear(parallel, data(x), 0, n, in, matrix(w), w.type(), 0, seg(b), data(y), 0, out, false);
        profile.stop("gemm", t0, 2.0 * n * in * out);
        return y;
    }

    /** The GELU runs on each output tile as the product finishes it, not in a second pass over y. */
    @Override
    public Tensor linearGelu(Tensor x, Param w, Param b) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        Tensor y = alloc(OpShapes.linear(x, w));
        long t0 = profile.start();
        Gemm.linear(parallel, data(x), 0, n, in, matrix(w), w.type(), 0, seg(b), data(y), 0, out, false, Gelu::inPlace);
        profile.stop("gemm+gelu", t0, 2.0 * n * in * out);
        return y;
    }

    @Override
    public void linearAccumulate(Tensor x, Param w, Param b, Tensor into) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        OpShapes.accumulate(x, w, into);
        long t0 = profile.start();
        Gemm.linear(parallel, data(x), 0, n, in, matrix(w), w.type(), 0, seg(b), data(into), 0, out, true);
        profile.stop("gemm", t0, 2.0 * n * in * out);
    }

    @Override
    public Tensor layerNorm(Tensor x, Param gamma, Param beta, float eps) {
        int n = x.dim(0), c = x.dim(1);
        Tensor y = alloc(n, c);
        long t0 = profile.start();
        LayerNorm.rows(parallel, data(x), 0, n, c, seg(gamma), seg(beta), eps, data(y), 0);
        profile.stop("layernorm", t0, 8.0 * n * c);
        return y;
    }

    @Override
    public void geluInPlace(Tensor x) {
        long t0 = profile.start();
        Gelu.inPlace(parallel, data(x), 0, Math.toIntExact(x.size()));
        profile.stop("gelu", t0, 20.0 * x.size());
    }

    @Override
    public void rope2dInPlace(Tensor x, int col, int heads, int headDim, Positions pos, double base) {
        int rows = x.dim(0), stride = x.dim(1), tokens = pos.tokens();
        if (rows % tokens != 0) throw new IllegalArgumentException("rope2d: " + x + " is not a batch of " + tokens + " tokens");
        long t0 = profile.start();
        for (int b = 0; b * tokens < rows; b++) {
            Rope2d.apply(parallel, data(x), b * tokens * stride + col, tokens, stride, heads, headDim, pos.y(), pos.x(), base);
        }
        profile.stop("rope", t0, 3.0 * rows * heads * headDim);
    }

    @Override
    public Tensor attention(Tensor q, int qCol, Tensor k, int kCol, Tensor v, int vCol,
                            int batch, int heads, int headDim, float scale) {
        if (q.dim(0) % batch != 0 || k.dim(0) % batch != 0 || v.dim(0) != k.dim(0)) {
            throw new IllegalArgumentException("attention: q " + q + ", k " + k + ", v " + v + " are not a batch of " + batch);
        }
        int nq = q.dim(0) / batch, nk = k.dim(0) / batch, width = heads * headDim;
        int qs = q.dim(1), ks = k.dim(1), vs = v.dim(1);
        Tensor out = alloc(batch * nq, width);
        long t0 = profile.start();
        for (int b = 0; b < batch; b++) {
            Attention.forward(parallel,
                    data(q), b * nq * qs + qCol, qs,
                    data(k), b * nk * ks + kCol, ks,
                    data(v), b * nk * vs + vCol, vs,
                    data(out), b * nq * width, width,
                    nq, nk, heads, headDim, scale);
        }
        profile.stop("attention", t0, 4.0 * batch * nq * nk * width);
        return out;
    }

    @Override
    public Tensor copy(Tensor x) {
        Tensor y = alloc(x.shape());
        System.arraycopy(data(x), 0, data(y), 0, Math.toIntExact(x.size()));
        return y;
    }

    @Override
    public Tensor concatColumns(Tensor a, Tensor b) {
        int n = a.dim(0), ca = a.dim(1), cb = b.dim(1);
        Tensor y = alloc(n, ca + cb);
        float[] da = data(a), db = data(b), dy = data(y);
        for (int r = 0; r < n; r++) {
            System.arraycopy(da, r * ca, dy, r * (ca + cb), ca);
            System.arraycopy(db, r * cb, dy, r * (ca + cb) + ca, cb);
        }
        return y;
    }

    @Override
    public Tensor concatRows(Tensor a, Tensor b) {
        Tensor y = alloc(OpShapes.concatRows(a, b));
        System.arraycopy(data(a), 0, data(y), 0, Math.toIntExact(a.size()));
        System.arraycopy(data(b), 0, data(y), Math.toIntExact(a.size()), Math.toIntExact(b.size()));
        return y;
    }

    @Override
    public Tensor rows(Tensor x, int start, int count) {
        int c = x.dim(1);
        Tensor y = alloc(count, c);
        System.arraycopy(data(x), start * c, data(y), 0, count * c);
        return y;
    }

    @Override
    public Tensor tokensToImage(Tensor x, int gh, int gw) {
        int n = x.dim(0), c = x.dim(1);
        Tensor y = alloc(OpShapes.tokensToImage(x, gh, gw));
        Transpose.tokensToChannels(data(x), 0, n, c, data(y), 0);
        return y;
    }

    @Override
    public Tensor imageToTokens(Tensor x) {
        int c = x.dim(0), gh = x.dim(1), gw = x.dim(2);
        Tensor y = alloc(gh * gw, c);
        Transpose.tokensToChannels(data(x), 0, c, gh * gw, data(y), 0);
        return y;
    }

    @Override
    public Tensor pixelShuffle(Tensor x, int gh, int gw, int p) {
        int c = x.dim(1) / (p * p);
        Tensor y = alloc(c, gh * p, gw * p);
        PixelShuffle.fromTokens(data(x), 0, gh, gw, c, p, data(y), 0);
        return y;
    }

    @Override
    public Tensor conv2d(Tensor x, boolean reluInput, Param w, Param b, int stride, int pad, Tensor residual) {
        int cin = x.dim(0), h = x.dim(1), wd = x.dim(2);
        int cout = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int[] shape = OpShapes.conv2d(x, w, stride, pad);
        Tensor y = residual == null ? alloc(shape) : copy(OpShapes.residual(residual, shape));
        int ho = y.dim(1), wo = y.dim(2);
        long t0 = profile.start();
        Conv2d.forward(parallel, data(x), 0, cin, h, wd, reluInput, matrix(w), w.type(), 0, seg(b), cout, kh, kw, stride, pad,
                data(y), 0, residual != null);
        profile.stop("conv2d", t0, 2.0 * cout * ho * wo * cin * kh * kw);
        return y;
    }

    @Override
    public Tensor convTranspose2d(Tensor x, Param w, Param b) {
        int cin = x.dim(0), h = x.dim(1), wd = x.dim(2);
        int cout = w.dim(1), k = w.dim(2);
        Tensor y = alloc(OpShapes.convTranspose2d(x, w));
        long t0 = profile.start();
        ConvTranspose2d.forward(parallel, data(x), 0, cin, h, wd, matrix(w), w.type(), 0, seg(b), cout, k, data(y), 0);
        profile.stop("conv_transpose2d", t0, 2.0 * cin * cout * h * wd * k * k);
        return y;
    }

    @Override
    public Tensor upsample2xRows(Tensor x, int top, int rows) {
        int c = x.dim(0), h = x.dim(1), w = x.dim(2);
        Tensor y = alloc(OpShapes.upsample2xRows(x, top, rows));
        long t0 = profile.start();
        Resize.bilinear2xAlignCornersRows(parallel, data(x), 0, c, h, w, top, rows, data(y), 0);
        profile.stop("upsample", t0, 8.0 * y.size());
        return y;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        OpShapes.sameSize(a, b);
        Tensor y = alloc(a.shape());
        float[] da = data(a), db = data(b), dy = data(y);
        parallel.forRange(Math.toIntExact(a.size()), 1 << 16, (s, e) -> Elementwise.add(da, s, db, s, dy, s, e - s));
        return y;
    }

    @Override
    public Tensor crop(Tensor x, int top, int h, int w) {
        int c = x.dim(0), hin = x.dim(1), win = x.dim(2);
        Tensor y = alloc(OpShapes.crop(x, top, h, w));
        float[] src = data(x), dst = data(y);
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < h; r++) System.arraycopy(src, (ch * hin + top + r) * win, dst, (ch * h + r) * w, w);
        }
        return y;
    }

    @Override
    public Tensor stackRows(java.util.List<Tensor> bands) {
        Tensor y = alloc(OpShapes.stackRows(bands));
        int c = y.dim(0), h = y.dim(1), w = y.dim(2), top = 0;
        for (Tensor b : bands) {
            int bh = b.dim(1);
            for (int ch = 0; ch < c; ch++) System.arraycopy(data(b), ch * bh * w, data(y), (ch * h + top) * w, bh * w);
            top += bh;
        }
        return y;
    }

    @Override
    public void close() {
        parallel.close();
    }
}
