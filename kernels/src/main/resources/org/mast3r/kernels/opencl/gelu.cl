// Exact GELU in place on x[0, n): gelu(v) = 0.5 v (1 + erf(v / sqrt 2)), written as 0.5 v erfc(-v / sqrt 2)
// so large negative v keeps its relative accuracy (1 + erf cancels there), as the CPU kernel does.

__kernel void gelu(__global float* x, const int n)
{
    const int i = get_global_id(0);
    if (i >= n) return;
    const float v = x[i];
    x[i] = 0.5f * v * erfc(-v * M_SQRT1_2_F);
}
