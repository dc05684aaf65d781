// Bilinear x2 upsampling with align_corners=True, in [c, h, w] -> out [c, rows, 2w]: output rows
// [top, top + rows) of the [c, 2h, 2w] upsampling (all of it for top 0, rows 2h), every step in float
// as PyTorch's CPU kernel for float32 (ref: aten/src/ATen/native/cpu/UpSampleKernel.cpp, UpSample.h):
// src = scale * dst, i0 = min(floor(src), in - 1), i1 = i0 + (i0 < in - 1), l1 = clamp(src - i0, 0, 1),
// value = (v00 w0 + v01 w1) h0 + (v10 w0 + v11 w1) h1. scale = (in - 1) / (out - 1) comes from the host
// (a correctly rounded division); FP_CONTRACT OFF keeps each product rounded as torch does.

#pragma OPENCL FP_CONTRACT OFF

static float tap(const int in, const float scale, const int o, int* i0, int* i1)
{
    const float real = scale * (float) o;
    const int a = min((int) floor(real), in - 1);
    *i0 = a;
    *i1 = a + (a < in - 1 ? 1 : 0);
    return clamp(real - (float) a, 0.0f, 1.0f);
}

__kernel void upsample2x_align_corners(__global const float* in, __global float* out,
                                       const int c, const int h, const int w, const int top, const int rows,
                                       const float scaleH, const float scaleW)
{
    const int ox = get_global_id(0), r = get_global_id(1), ch = get_global_id(2);
    const int ow = 2 * w, oy = top + r;
    if (ox >= ow || r >= rows || ch >= c) return;
    int y0, y1, x0, x1;
    const float h1 = tap(h, scaleH, oy, &y0, &y1), h0 = 1.0f - h1;
    const float w1 = tap(w, scaleW, ox, &x0, &x1), w0 = 1.0f - w1;
    __global const float* base = in + ch * h * w;
    const float t0 = base[y0 * w + x0] * w0 + base[y0 * w + x1] * w1;
    const float t1 = base[y1 * w + x0] * w0 + base[y1 * w + x1] * w1;
    out[(ch * rows + r) * ow + ox] = t0 * h0 + t1 * h1;
}
