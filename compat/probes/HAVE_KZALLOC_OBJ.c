// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_KZALLOC_OBJ: the typed allocation helpers kzalloc_obj(), kzalloc_objs(),
 * kmalloc_obj() and kmalloc_objs() exist.
 * upstream: "slab: Introduce kmalloc_obj() and family" (mainline 7.0; 6.12.y stable)
 * used-by: compat/misc.h
 */
#include <linux/slab.h>

struct mana_probe_kzalloc_obj {
	int a;
};

static void PROBE(fn)(void)
{
	struct mana_probe_kzalloc_obj *p = kzalloc_obj(*p, GFP_KERNEL);
	struct mana_probe_kzalloc_obj *q = kzalloc_objs(*q, 4, GFP_KERNEL);
	struct mana_probe_kzalloc_obj *r = kmalloc_obj(*r, GFP_KERNEL);
	struct mana_probe_kzalloc_obj *t = kmalloc_objs(*t, 4, GFP_KERNEL);

	kfree(p);
	kfree(q);
	kfree(r);
	kfree(t);
}
