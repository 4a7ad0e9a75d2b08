// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_COUNTED_BY: the __counted_by() attribute macro exists (empty or not).
 * upstream: "Compiler Attributes: Add __counted_by macro" (mainline 6.4; 6.1.y stable)
 * used-by: compat/misc.h
 */
#include <linux/compiler.h>
#include <linux/types.h>

struct PROBE(s) {
	u32 n;
	u32 v[] __counted_by(n);
};
