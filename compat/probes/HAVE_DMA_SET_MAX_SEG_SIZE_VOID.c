// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_DMA_SET_MAX_SEG_SIZE_VOID: dma_set_max_seg_size() returns void.
 * upstream: "dma-mapping: don't return errors from dma_set_max_seg_size" (mainline 6.12)
 */
#include <linux/build_bug.h>
#include <linux/dma-mapping.h>

static_assert(__builtin_types_compatible_p(typeof(dma_set_max_seg_size((struct device *)0, 1)),
					   void));
