// LayerNorm over the last axis, biased variance, as PyTorch: x [rows, dim] -> y [rows, dim],
// y = (x - mean) / sqrt(var + eps) * gamma + beta. One work-group of WG items per row; the mean and
// then the variance of (x - mean) (two passes, so a large mean does not cancel) are tree reductions
// in local memory. gamma / beta are read only when hasGamma / hasBeta.

#define WG 128

static float reduce_sum(__local float* red, float v)
{
    const int lid = get_local_id(0);
    red[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = WG / 2; s > 0; s >>= 1) {
        if (lid < s) red[lid] += red[lid + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const float total = red[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return total;
}

__kernel __attribute__((reqd_work_group_size(WG, 1, 1)))
void layer_norm(__global const float* x, __global float* y, const int dim,
                __global const float* gamma, const int hasGamma,
                __global const float* beta, const int hasBeta, const float eps)
{
    __local float red[WG];
    const int lid = get_local_id(0);
    __global const float* xr = x + (long) get_group_id(0) * dim;
    __global float* yr = y + (long) get_group_id(0) * dim;

    float s = 0.0f;
    for (int i = lid; i < dim; i += WG) s += xr[i];
    const float mean = reduce_sum(red, s) / dim;

    float q = 0.0f;
    for (int i = lid; i < dim; i += WG) {
        const float d = xr[i] - mean;
        q += d * d;
    }
    const float rstd = 1.0f / sqrt(reduce_sum(red, q) / dim + eps);

    for (int i = lid; i < dim; i += WG) {
        float v = (xr[i] - mean) * rstd;
        if (hasGamma) v *= gamma[i];
        if (hasBeta) v += beta[i];
        yr[i] = v;
    }
}
