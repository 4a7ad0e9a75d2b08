// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_NET_DIM_SAMPLE_PTR: net_dim() takes the sample by pointer.
 * upstream: "net: dim: avoid passing sample by value" / "lib: dim: ... const struct
 * dim_sample *" (mainline 6.13)
 * requires-config: CONFIG_DIMLIB
 */
#include <linux/dim.h>

static void PROBE(fn)(struct dim *dim, const struct dim_sample *s)
{
	net_dim(dim, s);
}
