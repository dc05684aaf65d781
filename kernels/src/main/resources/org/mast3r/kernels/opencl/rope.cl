// 2D RoPE in place on the columns [col, col + heads*headDim) of x [rows, stride], rows = batch * tokens,
// token t = row % tokens. Per head the first half (m = headDim/2) is rotated by posY[t], the second by
// posX[t]; within a half, quarters (a, b) of size q = m/2 become (a cos - b sin, b cos + a sin).
// cos / sin come from host tables [pos * q + j] built with torch's float32 angles, so the device only
// multiplies; FP_CONTRACT OFF keeps the two rounded products of torch's t*cos + rotate_half(t)*sin.
// Work item (i, row): i = (h * 2 + side) * q + j, side 0 = the y half, 1 = the x half.

#pragma OPENCL FP_CONTRACT OFF

__kernel void rope2d(__global float* x, const int col, const int stride, const int rows, const int tokens,
                     const int heads, const int headDim,
                     __global const int* posY, __global const int* posX,
                     __global const float* cosT, __global const float* sinT)
{
    const int m = headDim / 2, q = m / 2;
    const int i = get_global_id(0), row = get_global_id(1);
    if (row >= rows || i >= heads * 2 * q) return;
    const int j = i % q, side = (i / q) % 2, h = i / (2 * q);
    const int t = row % tokens;
    const int tab = (side == 0 ? posY[t] : posX[t]) * q + j;
    const int o = row * stride + col + h * headDim + side * m + j;
    const float a = x[o], b = x[o + q], c = cosT[tab], s = sinT[tab];
    x[o] = a * c - b * s;
    x[o + q] = b * c + a * s;
}
