#ifndef ELASTICNET_KERNELS_H
#define ELASTICNET_KERNELS_H

#include <stddef.h>

/// The solvers' vector kernels on raw columns of doubles (see Kernels.c for why they are C).
/// Every sum runs in four lanes, lane k taking the elements i = k mod 4 and the remainder going
/// to lane 0, and the lanes are added as (l0 + l1) + (l2 + l3): the result depends neither on the
/// processor's vector width nor on alignment, so every machine gives the same bits.

/// sum_i a_i b_i
double enet_dot(const double *a, const double *b, ptrdiff_t n);
/// The four products a0.b0, a0.b1, a1.b0, a1.b1 in one pass, each with the bits of enet_dot.
void enet_dot2x2(const double *a0, const double *a1, const double *b0, const double *b1, ptrdiff_t n, double out[4]);
/// sum_i (a_i b_i) c_i
double enet_dot3(const double *a, const double *b, const double *c, ptrdiff_t n);
/// sum_i a_i
double enet_sum(const double *a, ptrdiff_t n);
/// y_i += s x_i
void enet_axpy(double s, const double *x, double *y, ptrdiff_t n);
/// y_i += (s x_i) w_i
void enet_axpy_weighted(double s, const double *x, const double *w, double *y, ptrdiff_t n);

#endif
