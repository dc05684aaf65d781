// Layout changes between token-major and channel-major maps.

// Pixel shuffle from tokens: in [gh*gw, c*p*p] -> out [c, gh*p, gw*p],
// out[ch, y*p + i, x*p + j] = in[y*gw + x, ch*p*p + i*p + j] (PyTorch's view + F.pixel_shuffle).
__kernel void pixel_shuffle(__global const float* in, __global float* out,
                            const int gh, const int gw, const int c, const int p)
{
    const int ox = get_global_id(0), oy = get_global_id(1), ch = get_global_id(2);
    const int oh = gh * p, ow = gw * p;
    if (ox >= ow || oy >= oh || ch >= c) return;
    const int y = oy / p, i = oy % p, x = ox / p, j = ox % p;
    out[(ch * oh + oy) * ow + ox] = in[(y * gw + x) * c * p * p + ch * p * p + i * p + j];
}

// in [rows, cols] -> out [cols, rows] through a TILE x (TILE + 1) local tile, so both the reads and the
// writes walk rows of their own matrix. Work-group TILE x TILE; item (x, y) reads in[y][x].
#define TILE 16

__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void transpose(__global const float* in, __global float* out, const int rows, const int cols)
{
    __local float tile[TILE][TILE + 1];
    const int lx = get_local_id(0), ly = get_local_id(1);
    const int c0 = get_group_id(0) * TILE, r0 = get_group_id(1) * TILE;
    if (r0 + ly < rows && c0 + lx < cols) tile[ly][lx] = in[(r0 + ly) * cols + c0 + lx];
    barrier(CLK_LOCAL_MEM_FENCE);
    if (c0 + ly < cols && r0 + lx < rows) out[(c0 + ly) * rows + r0 + lx] = tile[lx][ly];
}
