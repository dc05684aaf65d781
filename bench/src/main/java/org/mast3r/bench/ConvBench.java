package org.mast3r.bench;

import java.lang.foreign.MemorySegment;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mast3r.kernels.Conv2d;
import org.mast3r.kernels.ConvTranspose2d;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The DPT head's convolutions at 512x384 (token grid 24x32), one NCHW image, with bias:
 * {@code conv3s1_256to256} the refinenets' residual units at 96x128 and 192x256 (the head's hot spot),
 * {@code conv1s1_768to768} the 1x1 projection of hook 3, {@code conv3s2_768to768} its stride-2
 * downsampling, {@code convT4_96to96} hook 0's 4x4 stride-4 transposed convolution.
 * Case grammar: {@code conv<k>s<stride>_<cin>to<cout>_<h>x<w>} (padding k/2) or
 * {@code convT<k>_<cin>to<cout>_<h>x<w>} (stride k). Work: 2·cout·ho·wo·cin·k² FLOP (transposed:
 * 2·cin·cout·h·w·k²); secondary metric {@code gflops}.
 */
public class ConvBench extends KernelBench {
    private static final Pattern CASE = Pattern.compile("conv(T?)(\\d+)(?:s(\\d+))?_(\\d+)to(\\d+)_(\\d+)x(\\d+)");

    @Param({"conv3s1_256to256_96x128", "conv3s1_256to256_192x256", "conv1s1_768to768_24x32",
            "conv3s2_768to768_24x32", "convT4_96to96_24x32"})
    public String shape;

    private boolean transposed;
    private int k, stride, cin, cout, h, w;
    private double flop;
    private float[] in, out;
    private MemorySegment weight, bias;

    @Setup(Level.Trial)
    public void setUp() {
        Matcher m = CASE.matcher(shape);
        if (!m.matches()) throw new IllegalArgumentException("bad conv case " + shape);
        transposed = !m.group(1).isEmpty();
        k = Integer.parseInt(m.group(2));
        stride = transposed ? k : Integer.parseInt(m.group(3));
        cin = Integer.parseInt(m.group(4));
        cout = Integer.parseInt(m.group(5));
        h = Integer.parseInt(m.group(6));
        w = Integer.parseInt(m.group(7));
        int ho = transposed ? h * k : Conv2d.outSize(h, k, stride, k / 2);
        int wo = transposed ? w * k : Conv2d.outSize(w, k, stride, k / 2);
        flop = transposed ? 2.0 * cin * cout * h * w * k * k : 2.0 * cout * ho * wo * cin * k * k;
        in = Inputs.floats(cin * h * w, 1);
        out = new float[cout * ho * wo];
        weight = Inputs.weights(arena, (long) cin * cout * k * k, 2);
        bias = Inputs.weights(arena, cout, 3);
    }


    @Benchmark
    public float[] forward(Flops flops) {
        if (transposed) {
            ConvTranspose2d.forward(parallel, in, 0, cin, h, w, weight, 0, bias, cout, k, out, 0);
        } else {
            Conv2d.forward(parallel, in, 0, cin, h, w, weight, 0, bias, cout, k, k, stride, k / 2, out, 0);
        }
        flops.add(flop);
        return out;
    }
}
