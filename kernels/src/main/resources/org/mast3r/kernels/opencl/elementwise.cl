// Element-wise ops and block copies on flat float buffers.

// y = a + b over n values.
__kernel void add(__global const float* a, __global const float* b, __global float* y, const int n)
{
    const int i = get_global_id(0);
    if (i < n) y[i] = a[i] + b[i];
}

// y = max(x, 0) over n values.
__kernel void relu(__global const float* x, __global float* y, const int n)
{
    const int i = get_global_id(0);
    if (i < n) y[i] = fmax(x[i], 0.0f);
}

// A planes x rows x cols block between two strided layouts (concat of columns, crop of an image):
// dst[dstOff + z*dstPlane + r*dstRow + c] = src[srcOff + z*srcPlane + r*srcRow + c].
__kernel void copy_block(__global const float* src, const int srcOff, const int srcRow, const int srcPlane,
                         __global float* dst, const int dstOff, const int dstRow, const int dstPlane,
                         const int cols, const int rows, const int planes)
{
    const int c = get_global_id(0), r = get_global_id(1), z = get_global_id(2);
    if (c >= cols || r >= rows || z >= planes) return;
    dst[dstOff + z * dstPlane + r * dstRow + c] = src[srcOff + z * srcPlane + r * srcRow + c];
}
