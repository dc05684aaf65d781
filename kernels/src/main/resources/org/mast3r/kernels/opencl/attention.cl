// Multi-head attention, flash-style: out_i = softmax_j(scale * q_i . k_j) v_j without the nq x nk matrix.
// Query i of head h in batch item b is q[qOff + (b*nq + i)*qStride + h*d, +d); keys / values likewise,
// output out[(b*nq + i)*outStride + h*d, +d). Strides let q, k, v be column slices of one fused qkv.
// Work: item (i, h, b), a work-group is a block of queries of one head. The group stages KB keys and
// values of its head in local memory at a time; each item keeps its query, running max, running sum and
// output in private memory and rescales the output by exp(oldMax - newMax) when the max grows.

#define MAX_D 128
#define KB 32

__kernel void attention(__global const float* q, const int qOff, const int qStride,
                        __global const float* k, const int kOff, const int kStride,
                        __global const float* v, const int vOff, const int vStride,
                        __global float* out, const int outStride,
                        const int nq, const int nk, const int d, const float scale,
                        __local float* ks, __local float* vs)
{
    const int i = get_global_id(0), h = get_global_id(1), b = get_global_id(2);
    const int lid = get_local_id(0), wg = get_local_size(0);
    const bool active = i < nq;

    float qv[MAX_D], acc[MAX_D];
    const int qo = qOff + (b * nq + (active ? i : 0)) * qStride + h * d;
    for (int c = 0; c < d; c++) {
        qv[c] = active ? q[qo + c] : 0.0f;
        acc[c] = 0.0f;
    }
    float runMax = -INFINITY, runSum = 0.0f;

    for (int j0 = 0; j0 < nk; j0 += KB) {
        const int kb = min(KB, nk - j0);
        for (int idx = lid; idx < kb * d; idx += wg) {
            const int jj = idx / d, c = idx % d, row = b * nk + j0 + jj;
            ks[idx] = k[kOff + row * kStride + h * d + c];
            vs[idx] = v[vOff + row * vStride + h * d + c];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        if (active) {
            float s[KB];
            float blockMax = -INFINITY;
            for (int jj = 0; jj < kb; jj++) {
                float dot = 0.0f;
                for (int c = 0; c < d; c++) dot = fma(qv[c], ks[jj * d + c], dot);
                s[jj] = dot * scale;
                blockMax = fmax(blockMax, s[jj]);
            }
            const float newMax = fmax(runMax, blockMax);
            const float corr = exp(runMax - newMax);
            runSum *= corr;
            for (int c = 0; c < d; c++) acc[c] *= corr;
            for (int jj = 0; jj < kb; jj++) {
                const float p = exp(s[jj] - newMax);
                runSum += p;
                for (int c = 0; c < d; c++) acc[c] = fma(p, vs[jj * d + c], acc[c]);
            }
            runMax = newMax;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    if (active) {
        const float inv = 1.0f / runSum;
        const int o = (b * nq + i) * outStride + h * d;
        for (int c = 0; c < d; c++) out[o + c] = acc[c] * inv;
    }
}
