// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_KZALLOC_OBJ: the typed allocation helpers kzalloc_obj(), kzalloc_objs(),
 * kmalloc_obj() and kmalloc_objs() exist.
 * upstream: "slab: Introduce kmalloc_obj() and family" (mainline 7.0; 6.12.y stable)
 * used-by: compat/misc.h
 */
#include <linux/slab.h>

struct PROBE(s) {
	int a;
};

static void PROBE(fn)(void)
{
	struct PROBE(s) *p = kzalloc_obj(*p, GFP_KERNEL);
	struct PROBE(s) *q = kzalloc_objs(*q, 4, GFP_KERNEL);
	struct PROBE(s) *r = kmalloc_obj(*r, GFP_KERNEL);
	struct PROBE(s) *t = kmalloc_objs(*t, 4, GFP_KERNEL);

	kfree(p);
	kfree(q);
	kfree(r);
	kfree(t);
}
