// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_CPUMASK_WEIGHT_ANDNOT: cpumask_weight_andnot() exists.
 * upstream: "cpumask: introduce cpumask_weight_andnot()" (mainline 6.10)
 * used-by: compat/misc.h
 */
#include <linux/cpumask.h>

static unsigned int PROBE(fn)(const struct cpumask *a, const struct cpumask *b)
{
	return cpumask_weight_andnot(a, b);
}
