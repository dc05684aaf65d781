// Convolution helpers around gemm.cl. Images are [C, H, W] row-major.

// im2col for output rows [oy0, oy0 + rows): cols[r * px + p] with r = (ci*kh + ky)*kw + kx,
// p = (oy - oy0)*wo + ox, px = rows*wo, holding in[ci, oy*stride + ky - pad, ox*stride + kx - pad]
// or 0 in the padding. Then out[:, band] = W [cout, cin*kh*kw] . cols.
__kernel void im2col(__global const float* in, const int h, const int w,
                     const int kh, const int kw, const int stride, const int pad,
                     const int wo, const int oy0, const int rows, const int K,
                     __global float* cols)
{
    const int p = get_global_id(0), r = get_global_id(1);
    const int px = rows * wo;
    if (p >= px || r >= K) return;
    const int kx = r % kw, ky = (r / kw) % kh, ci = r / (kw * kh);
    const int oy = oy0 + p / wo, ox = p % wo;
    const int iy = oy * stride + ky - pad, ix = ox * stride + kx - pad;
    cols[r * px + p] = (iy >= 0 && iy < h && ix >= 0 && ix < w) ? in[(ci * h + iy) * w + ix] : 0.0f;
}

// Transposed convolution with kernel == stride: t [cout*k*k, h*w] = W^T . in (from gemm.cl), row
// (co*k + i)*k + j of t holds the tap (i, j) of every input pixel; each output pixel reads its one tap:
// out[co, y*k + i, x*k + j] = t[((co*k + i)*k + j) * h*w + y*w + x] + bias[co].
__kernel void conv_transpose_scatter(__global const float* t, __global const float* bias, const int hasBias,
                                     const int cout, const int k, const int h, const int w,
                                     __global float* out)
{
    const int ox = get_global_id(0), oy = get_global_id(1), co = get_global_id(2);
    const int ow = w * k, oh = h * k;
    if (ox >= ow || oy >= oh || co >= cout) return;
    const int y = oy / k, i = oy % k, x = ox / k, j = ox % k;
    float v = t[((co * k + i) * k + j) * (h * w) + y * w + x];
    if (hasBias) v += bias[co];
    out[(co * oh + oy) * ow + ox] = v;
}
