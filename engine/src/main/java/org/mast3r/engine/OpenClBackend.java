package org.mast3r.engine;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.mast3r.kernels.WeightType;
import org.mast3r.kernels.opencl.ClAttention;
import org.mast3r.kernels.opencl.ClBuffer;
import org.mast3r.kernels.opencl.ClContext;
import org.mast3r.kernels.opencl.ClConv;
import org.mast3r.kernels.opencl.ClDevice;
import org.mast3r.kernels.opencl.ClGemm;
import org.mast3r.kernels.opencl.ClLayout;
import org.mast3r.kernels.opencl.ClNorm;
import org.mast3r.kernels.opencl.ClPointwise;
import org.mast3r.kernels.opencl.ClRope;

/**
 * The OpenCL backend: a tensor's handle is a {@link ClBuffer} on the device, and so is a weight's,
 * uploaded once (one buffer per tensor, so no buffer nears PoCL's 2 GiB cap).
 * Activations stay on the device between ops; only {@link #download} copies back. Every kernel program
 * is built when the backend is made, so a build error shows before any work.
 *
 * <p>As safe to share as the CPU backend: any number of threads may run ops at once (one loaded model,
 * several pairs), because the context they share is ({@link ClContext} says how), weights are uploaded
 * once while the model is built, and each op's activations are its caller's own. A kernel profile taken
 * while several threads run is blurred: each timing waits for the shared queue, other threads' work too.
 */
public final class OpenClBackend implements Backend {
    /** The .cl families, built up front. */
    private static final List<String> FAMILIES =
            List.of("gemm", "layernorm", "gelu", "rope", "attention", "conv", "resize", "shuffle", "elementwise");

    private final ClContext ctx;
    private final int threads;
    private final KernelProfile profile;
    /** A closing scope only lets go of its tensors: their buffers are freed by their cleaner once unreachable. */
    private final ScopeStack scopes = new ScopeStack(t -> {});

    /** A backend on one device; {@code guardFloats > 0} pads each buffer with a checked sentinel zone (tests). */
    public OpenClBackend(ClDevice device, int threads, KernelProfile profile, int guardFloats) {
        this.ctx = ClContext.open(device, guardFloats);
        this.threads = threads;
        this.profile = profile;
        try {
            ctx.buildAll(FAMILIES);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "opencl:" + ctx.device().index();
    }

    @Override
    public int threads() {
        return threads;
    }

    /** The device in words, for reports. */
    public String describe() {
        return ctx.device().describe();
    }

    private static ClBuffer buf(Tensor t) {
        return (ClBuffer) t.handle();
    }

    private static ClBuffer buf(Param p) {
        return p == null ? null : (ClBuffer) p.handle();
    }

    private Tensor alloc(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return scopes.own(new Tensor(ctx.alloc(n), shape));
    }

    @Override
    public Scope scope() {
        return scopes.open();
    }

    /** Starts a kernel timing. */
    private long start() {
        return profile.start();
    }

    /** Stops a kernel timing once the device is done (clFinish before the clock stops). */
    private void stop(String kernel, long t0, double flop) {
        if (profile == KernelProfile.OFF) return;
        ctx.finish();
        profile.stop(kernel, t0, flop);
    }

    /** True while no kernel has written past t's end (always true without guard zones). */
    boolean guardIntact(Tensor t) {
        return ctx.guardIntact(buf(t));
    }

    @Override
    public Tensor upload(float[] data, int... shape) {
        Tensor t = scopes.own(new Tensor(ctx.upload(data), shape));
        if (data.length != t.size()) throw new IllegalArgumentException("data has " + data.length + " values for " + t);
        return t;
    }

    @Override
    public float[] download(Tensor t) {
        float[] out = new float[Math.toIntExact(t.size())];
        ctx.read(buf(t), out);
        return out;
    }

    /** Uploads float32: a 16-bit weight is widened on the way (the device kernels read float32 only). */
    @Override
    public Param param(String name, MemorySegment data, WeightType type, long... shape) {
        MemorySegment f32 = data;
        if (type != WeightType.F32) {
            float[] wide = new float[Math.toIntExact(data.byteSize() / type.bytes())];
            type.read(data, 0, wide, 0, wide.length);
            f32 = MemorySegment.ofArray(wide);
        }
        ByteBuffer bytes;
        if (f32.isNative()) {
            bytes = f32.asByteBuffer();
        } else {
            bytes = ByteBuffer.allocateDirect(Math.toIntExact(f32.byteSize()));
            MemorySegment.ofBuffer(bytes).copyFrom(f32);
        }
        return new Param(name, shape, ctx.uploadWeight(bytes.order(ByteOrder.nativeOrder())), WeightType.F32);
    }

    @Override
    public Tensor linear(Tensor x, Param w, Param b) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        Tensor y = alloc(OpShapes.linear(x, w));
        long t0 = start();
        ClGemm.linear(ctx, buf(x), n, in, buf(w), buf(b), out, buf(y), false);
        stop("gemm", t0, 2.0 * n * in * out);
        return y;
    }

    @Override
    public void linearAccumulate(Tensor x, Param w, Param b, Tensor into) {
        int n = x.dim(0), in = x.dim(1), out = w.dim(0);
        OpShapes.accumulate(x, w, into);
        long t0 = start();
        ClGemm.linear(ctx, buf(x), n, in, buf(w), buf(b), out, buf(into), true);
        stop("gemm", t0, 2.0 * n * in * out);
    }

    @Override
    public Tensor layerNorm(Tensor x, Param gamma, Param beta, float eps) {
        int n = x.dim(0), c = x.dim(1);
        Tensor y = alloc(n, c);
        long t0 = start();
        ClNorm.layerNorm(ctx, buf(x), n, c, buf(gamma), buf(beta), eps, buf(y));
        stop("layernorm", t0, 8.0 * n * c);
        return y;
    }

    /** Composed: the product, then the GELU kernel over it. */
    @Override
    public Tensor linearGelu(Tensor x, Param w, Param b) {
        Tensor y = linear(x, w, b);
        geluInPlace(y);
        return y;
    }

    @Override
    public void geluInPlace(Tensor x) {
        long t0 = start();
        ClPointwise.geluInPlace(ctx, buf(x), x.size());
        stop("gelu", t0, 20.0 * x.size());
    }

    @Override
    public void rope2dInPlace(Tensor x, int col, int heads, int headDim, Positions pos, double base) {
        int rows = x.dim(0);
        long t0 = start();
        ClRope.apply(ctx, buf(x), col, x.dim(1), rows, heads, headDim, pos.y(), pos.x(), base);
        stop("rope", t0, 3.0 * rows * heads * headDim);
    }

    @Override
    public Tensor attention(Tensor q, int qCol, Tensor k, int kCol, Tensor v, int vCol,
                            int batch, int heads, int headDim, float scale) {
        int nq = q.dim(0) / batch, nk = k.dim(0) / batch, width = heads * headDim;
        Tensor out = alloc(batch * nq, width);
        long t0 = start();
        ClAttention.forward(ctx, buf(q), qCol, q.dim(1), buf(k), kCol, k.dim(1), buf(v), vCol, v.dim(1),
                buf(out), width, batch, nq, nk, heads, headDim, scale);
        stop("attention", t0, 4.0 * batch * nq * nk * width);
        return out;
    }

    @Override
    public Tensor copy(Tensor x) {
        Tensor y = alloc(x.shape());
        ctx.copy(buf(x), 0, buf(y), 0, x.size());
        return y;
    }

    @Override
    public Tensor concatColumns(Tensor a, Tensor b) {
        int n = a.dim(0), ca = a.dim(1), cb = b.dim(1);
        Tensor y = alloc(n, ca + cb);
        ClPointwise.copyBlock(ctx, buf(a), 0, ca, 0, buf(y), 0, ca + cb, 0, ca, n, 1);
        ClPointwise.copyBlock(ctx, buf(b), 0, cb, 0, buf(y), ca, ca + cb, 0, cb, n, 1);
        return y;
    }

    @Override
    public Tensor concatRows(Tensor a, Tensor b) {
        Tensor y = alloc(OpShapes.concatRows(a, b));
        ctx.copy(buf(a), 0, buf(y), 0, a.size());
        ctx.copy(buf(b), 0, buf(y), a.size(), b.size());
        return y;
    }

    @Override
    public Tensor rows(Tensor x, int start, int count) {
        int c = x.dim(1);
        Tensor y = alloc(count, c);
        ctx.copy(buf(x), (long) start * c, buf(y), 0, (long) count * c);
        return y;
    }

    @Override
    public Tensor tokensToImage(Tensor x, int gh, int gw) {
        Tensor y = alloc(OpShapes.tokensToImage(x, gh, gw));
        ClLayout.transpose(ctx, buf(x), x.dim(0), x.dim(1), buf(y));
        return y;
    }

    @Override
    public Tensor imageToTokens(Tensor x) {
        int c = x.dim(0), gh = x.dim(1), gw = x.dim(2);
        Tensor y = alloc(gh * gw, c);
        ClLayout.transpose(ctx, buf(x), c, gh * gw, buf(y));
        return y;
    }

    @Override
    public Tensor pixelShuffle(Tensor x, int gh, int gw, int p) {
        int c = x.dim(1) / (p * p);
        Tensor y = alloc(c, gh * p, gw * p);
        ClLayout.pixelShuffle(ctx, buf(x), gh, gw, c, p, buf(y));
        return y;
    }

    /** Composed from the plain kernels (a ReLU'd copy, the convolution, an add): fusing them is CPU-only so far. */
    @Override
    public Tensor conv2d(Tensor x, boolean reluInput, Param w, Param b, int stride, int pad, Tensor residual) {
        int cin = x.dim(0), h = x.dim(1), wd = x.dim(2);
        int cout = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int[] shape = OpShapes.conv2d(x, w, stride, pad);
        if (residual != null) OpShapes.residual(residual, shape);
        Tensor in = x;
        if (reluInput) {
            in = alloc(x.shape());
            ClPointwise.relu(ctx, buf(x), buf(in), x.size());
        }
        Tensor y = alloc(shape);
        int ho = y.dim(1), wo = y.dim(2);
        long t0 = start();
        ClConv.conv2d(ctx, buf(in), cin, h, wd, buf(w), buf(b), cout, kh, kw, stride, pad, buf(y));
        stop("conv2d", t0, 2.0 * cout * ho * wo * cin * kh * kw);
        return residual == null ? y : add(y, residual);
    }

    @Override
    public Tensor convTranspose2d(Tensor x, Param w, Param b) {
        int cin = x.dim(0), h = x.dim(1), wd = x.dim(2);
        int cout = w.dim(1), k = w.dim(2);
        Tensor y = alloc(OpShapes.convTranspose2d(x, w));
        long t0 = start();
        ClConv.convTranspose2d(ctx, buf(x), cin, h, wd, buf(w), buf(b), cout, k, buf(y));
        stop("conv_transpose2d", t0, 2.0 * cin * cout * h * wd * k * k);
        return y;
    }

    @Override
    public Tensor upsample2xRows(Tensor x, int top, int rows) {
        int c = x.dim(0), h = x.dim(1), w = x.dim(2);
        Tensor y = alloc(OpShapes.upsample2xRows(x, top, rows));
        long t0 = start();
        ClLayout.upsample2xRows(ctx, buf(x), c, h, w, top, rows, buf(y));
        stop("upsample", t0, 8.0 * y.size());
        return y;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        OpShapes.sameSize(a, b);
        Tensor y = alloc(a.shape());
        ClPointwise.add(ctx, buf(a), buf(b), buf(y), a.size());
        return y;
    }

    @Override
    public Tensor crop(Tensor x, int top, int h, int w) {
        int c = x.dim(0), hin = x.dim(1), win = x.dim(2);
        Tensor y = alloc(OpShapes.crop(x, top, h, w));
        ClPointwise.copyBlock(ctx, buf(x), top * win, win, hin * win, buf(y), 0, w, h * w, w, h, c);
        return y;
    }

    @Override
    public Tensor stackRows(java.util.List<Tensor> bands) {
        Tensor y = alloc(OpShapes.stackRows(bands));
        int c = y.dim(0), h = y.dim(1), w = y.dim(2), top = 0;
        for (Tensor b : bands) {
            int bh = b.dim(1);
            ClPointwise.copyBlock(ctx, buf(b), 0, w, bh * w, buf(y), top * w, w, h * w, w, bh, c);
            top += bh;
        }
        return y;
    }

    @Override
    public void close() {
        ctx.close();
    }
}
