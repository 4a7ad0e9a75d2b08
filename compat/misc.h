/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small shims every layer may use (time, IRQ affinity, work items, PCI ids,
 * attributes). Only macros: this header is force-included before the object's
 * own includes, so it must not include kernel headers itself. Each macro names
 * the kernel function it stands for; it expands where it is used, after the
 * caller has included the kernel header that declares the real thing.
 */
#ifndef MANA_COMPAT_MISC_H
#define MANA_COMPAT_MISC_H

/* "jiffies: add secs_to_jiffies()" (mainline 6.13; in some 6.1.y/6.12.y stable). */
#ifndef HAVE_SECS_TO_JIFFIES
#define secs_to_jiffies(secs)	msecs_to_jiffies((secs) * 1000)
#endif

/* "PCI: Add Microsoft PCI vendor ID" (mainline 5.18). */
#ifndef HAVE_PCI_VENDOR_ID_MICROSOFT
#define PCI_VENDOR_ID_MICROSOFT	0x1414
#endif

/* "compiler_attributes: Add __counted_by macro" (mainline 6.4; some stable trees). */
#ifndef HAVE_COUNTED_BY
#define __counted_by(member)
#endif

/*
 * "genirq: Provide new interfaces for affinity hints" (mainline 5.17; also in
 * 5.10.y stable, not in 5.15.135): irq_set_affinity_and_hint() sets the hint and
 * applies it. The older irq_set_affinity_hint() did both as well.
 */
#ifdef HAVE_IRQ_SET_AFFINITY_AND_HINT
#define mana_compat_irq_set_affinity_and_hint(irq, mask) \
	irq_set_affinity_and_hint(irq, mask)
#define mana_compat_irq_update_affinity_hint(irq, mask) \
	irq_update_affinity_hint(irq, mask)
#else
#define mana_compat_irq_set_affinity_and_hint(irq, mask) \
	irq_set_affinity_hint(irq, mask)
#define mana_compat_irq_update_affinity_hint(irq, mask) \
	irq_set_affinity_hint(irq, mask)
#endif

/*
 * "cpumask: introduce cpumask_weight_andnot()" (mainline 6.3). Fallback counts
 * the CPUs of @a not in @b by walking @a.
 */
#ifdef HAVE_CPUMASK_WEIGHT_ANDNOT
#define mana_compat_cpumask_weight_andnot(a, b)	cpumask_weight_andnot(a, b)
#else
#define mana_compat_cpumask_weight_andnot(a, b)			\
({								\
	const struct cpumask *__mana_a = (a), *__mana_b = (b);	\
	unsigned int __mana_cpu, __mana_n = 0;			\
	for_each_cpu(__mana_cpu, __mana_a)			\
		if (!cpumask_test_cpu(__mana_cpu, __mana_b))	\
			__mana_n++;				\
	__mana_n;						\
})
#endif

/*
 * "slab: Introduce kmalloc_obj() and family" (mainline 7.0; some 6.12.y):
 * typed allocations, kzalloc_obj(*p, gfp) for one object, kzalloc_objs(*p, n,
 * gfp) for an array. The fallbacks require the gfp argument (the kernel's
 * versions default it to GFP_KERNEL); callers always pass it.
 */
#ifndef HAVE_KZALLOC_OBJ
#define kmalloc_obj(P, gfp)	({ typeof(P) *__mana_p = kmalloc(sizeof(P), gfp); __mana_p; })
#define kzalloc_obj(P, gfp)	({ typeof(P) *__mana_p = kzalloc(sizeof(P), gfp); __mana_p; })
#define kmalloc_objs(P, n, gfp)	\
	({ typeof(P) *__mana_p = kmalloc_array(n, sizeof(P), gfp); __mana_p; })
#define kzalloc_objs(P, n, gfp)	\
	({ typeof(P) *__mana_p = kcalloc(n, sizeof(P), gfp); __mana_p; })
#endif

#endif /* MANA_COMPAT_MISC_H */
