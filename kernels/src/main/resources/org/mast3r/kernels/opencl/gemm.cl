// Tiled matrix product with general strides, so one kernel serves Linear (y = x w^T), the convolution
// as W . im2col(x) and the transposed convolution as W^T . x:
//   C[cOff + m*ldc + n] = (accumulate ? C : 0) + bias + sum_k A[aOff + m*sam + k*sak] * B[bOff + n*sbn + k*sbk]
// for m < M, n < N; bias is bias[n] (biasMode 1), bias[m] (biasMode 2) or absent (0).
// A work-group of TS x TS items computes a BT x BT block of C; each item owns WPT x WPT outputs spaced
// TS apart, so neighbouring items read neighbouring local-memory words. K advances in slices of BK,
// staged in local memory with zero fill past the edges (no tail branches in the inner loop).

#define TS 16
#define WPT 4
#define BT (TS * WPT)
#define BK 16

__kernel __attribute__((reqd_work_group_size(TS, TS, 1)))
void gemm(const int M, const int N, const int K,
          __global const float* A, const int aOff, const int sam, const int sak,
          __global const float* B, const int bOff, const int sbn, const int sbk,
          __global float* C, const int cOff, const int ldc,
          __global const float* bias, const int biasMode, const int accumulate)
{
    __local float As[BK][BT + 1];
    __local float Bs[BK][BT + 1];
    const int tx = get_local_id(0), ty = get_local_id(1);
    const int n0 = get_group_id(0) * BT, m0 = get_group_id(1) * BT;
    const int lid = ty * TS + tx;

    float acc[WPT][WPT];
    for (int i = 0; i < WPT; i++)
        for (int j = 0; j < WPT; j++) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += BK) {
        // neighbouring items load neighbouring addresses: along k when k is contiguous, else along m / n
        for (int idx = lid; idx < BT * BK; idx += TS * TS) {
            const int r = sak == 1 ? idx / BK : idx % BT, kk = sak == 1 ? idx % BK : idx / BT;
            const int m = m0 + r, k = k0 + kk;
            As[kk][r] = (m < M && k < K) ? A[aOff + m * sam + k * sak] : 0.0f;
        }
        for (int idx = lid; idx < BT * BK; idx += TS * TS) {
            const int r = sbk == 1 ? idx / BK : idx % BT, kk = sbk == 1 ? idx % BK : idx / BT;
            const int n = n0 + r, k = k0 + kk;
            Bs[kk][r] = (n < N && k < K) ? B[bOff + n * sbn + k * sbk] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < BK; kk++) {
            float a[WPT], b[WPT];
            for (int i = 0; i < WPT; i++) a[i] = As[kk][ty + TS * i];
            for (int j = 0; j < WPT; j++) b[j] = Bs[kk][tx + TS * j];
            for (int i = 0; i < WPT; i++)
                for (int j = 0; j < WPT; j++) acc[i][j] = fma(a[i], b[j], acc[i][j]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    for (int i = 0; i < WPT; i++) {
        const int m = m0 + ty + TS * i;
        if (m >= M) continue;
        for (int j = 0; j < WPT; j++) {
            const int n = n0 + tx + TS * j;
            if (n >= N) continue;
            const int o = cOff + m * ldc + n;
            float v = acc[i][j];
            if (biasMode == 1) v += bias[n];
            else if (biasMode == 2) v += bias[m];
            if (accumulate) v += C[o];
            C[o] = v;
        }
    }
}
