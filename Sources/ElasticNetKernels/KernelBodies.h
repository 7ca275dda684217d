// The kernels' bodies, compiled twice by Kernels.c: once for the x86-64 baseline (or the host
// architecture) and once for AVX2. KERNEL(name) names a variant; KERNEL_TARGET is its attribute.
// Not a public header: included only by Kernels.c.

KERNEL_TARGET static double KERNEL(dot)(const double *a, const double *b, ptrdiff_t n) {
    enet_v4 s = 0;
    ptrdiff_t i = 0;
    for (; i + 4 <= n; i += 4) s += load4(a + i) * load4(b + i);
    for (; i < n; i++) s[0] += a[i] * b[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

KERNEL_TARGET static void KERNEL(dot2x2)(const double *a0, const double *a1, const double *b0, const double *b1,
                                          ptrdiff_t n, double out[4]) {
    enet_v4 s00 = 0, s01 = 0, s10 = 0, s11 = 0;
    ptrdiff_t i = 0;
    for (; i + 4 <= n; i += 4) {
        enet_v4 x0 = load4(a0 + i), x1 = load4(a1 + i), y0 = load4(b0 + i), y1 = load4(b1 + i);
        s00 += x0 * y0; s01 += x0 * y1;
        s10 += x1 * y0; s11 += x1 * y1;
    }
    for (; i < n; i++) {
        s00[0] += a0[i] * b0[i]; s01[0] += a0[i] * b1[i];
        s10[0] += a1[i] * b0[i]; s11[0] += a1[i] * b1[i];
    }
    out[0] = (s00[0] + s00[1]) + (s00[2] + s00[3]);
    out[1] = (s01[0] + s01[1]) + (s01[2] + s01[3]);
    out[2] = (s10[0] + s10[1]) + (s10[2] + s10[3]);
    out[3] = (s11[0] + s11[1]) + (s11[2] + s11[3]);
}

KERNEL_TARGET static double KERNEL(dot3)(const double *a, const double *b, const double *c, ptrdiff_t n) {
    enet_v4 s = 0;
    ptrdiff_t i = 0;
    for (; i + 4 <= n; i += 4) s += load4(a + i) * load4(b + i) * load4(c + i);
    for (; i < n; i++) s[0] += a[i] * b[i] * c[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

KERNEL_TARGET static double KERNEL(sum)(const double *a, ptrdiff_t n) {
    enet_v4 s = 0;
    ptrdiff_t i = 0;
    for (; i + 4 <= n; i += 4) s += load4(a + i);
    for (; i < n; i++) s[0] += a[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

KERNEL_TARGET static void KERNEL(axpy)(double s, const double *x, double *y, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) y[i] += s * x[i];
}

KERNEL_TARGET static void KERNEL(axpy_weighted)(double s, const double *x, const double *w, double *y, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) y[i] += s * x[i] * w[i];
}
