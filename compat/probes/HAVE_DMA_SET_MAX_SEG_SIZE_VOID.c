// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_DMA_SET_MAX_SEG_SIZE_VOID: dma_set_max_seg_size() returns void.
 * upstream: "dma-mapping: don't return errors from dma_set_max_seg_size" (mainline 6.12)
 */
#include <linux/dma-mapping.h>

static void PROBE(fn)(struct device *dev)
{
	(void)sizeof(struct { int x[__builtin_types_compatible_p(typeof(dma_set_max_seg_size(dev, 1)), void) ? 1 : -1]; });
}
