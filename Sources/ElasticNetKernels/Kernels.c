// Why C: the kernels run on the widest vector unit the processor has, chosen when the program runs.
// Swift can only pick the vector width when compiling, for the whole module (`-target-cpu`, an
// unsafe flag that SwiftPM refuses in any package depended on by version), and x86-64's baseline
// has 128-bit registers where every x86-64 machine since 2013 has 256-bit AVX2, which measured
// 1.3-1.4x faster on the dense benchmark paths. C lets one function be compiled for AVX2 beside
// its baseline twin (`__attribute__((target))`), and clang's vector types keep the four lanes of
// the sums the same on both, so the answer's bits do not depend on the machine.
#include "ElasticNetKernels.h"
#include <string.h>

// No fused multiply-add: a * b + c is rounded twice on every machine, as Swift does.
#pragma STDC FP_CONTRACT OFF

typedef double enet_v4 __attribute__((ext_vector_type(4)));

// Four doubles from any address. A macro, not a function: a function returning a 256-bit vector
// would have one calling convention in the AVX2 twins and another in the baseline ones.
#define load4(p) ({ enet_v4 v_; memcpy(&v_, (p), sizeof v_); v_; })

#define KERNEL(name) name##_baseline
#define KERNEL_TARGET
#include "KernelBodies.h"
#undef KERNEL
#undef KERNEL_TARGET

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define KERNEL(name) name##_avx2
#define KERNEL_TARGET __attribute__((target("avx2")))
#include "KernelBodies.h"
#undef KERNEL
#undef KERNEL_TARGET
// The runtime's processor model is filled in before main; reading it is one load and a test.
#define DISPATCH(name, ...) \
    (__builtin_cpu_supports("avx2") ? name##_avx2(__VA_ARGS__) : name##_baseline(__VA_ARGS__))
#else
#define DISPATCH(name, ...) name##_baseline(__VA_ARGS__)
#endif

double enet_dot(const double *a, const double *b, ptrdiff_t n) { return DISPATCH(dot, a, b, n); }

void enet_dot2x2(const double *a0, const double *a1, const double *b0, const double *b1, ptrdiff_t n, double out[4]) {
    DISPATCH(dot2x2, a0, a1, b0, b1, n, out);
}

double enet_dot3(const double *a, const double *b, const double *c, ptrdiff_t n) { return DISPATCH(dot3, a, b, c, n); }

double enet_sum(const double *a, ptrdiff_t n) { return DISPATCH(sum, a, n); }

void enet_axpy(double s, const double *x, double *y, ptrdiff_t n) { DISPATCH(axpy, s, x, y, n); }

void enet_axpy_weighted(double s, const double *x, const double *w, double *y, ptrdiff_t n) {
    DISPATCH(axpy_weighted, s, x, w, y, n);
}
