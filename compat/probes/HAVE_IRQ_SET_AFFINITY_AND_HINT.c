// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IRQ_SET_AFFINITY_AND_HINT: irq_set_affinity_and_hint() and
 * irq_update_affinity_hint() exist.
 * upstream: "genirq: Provide new interfaces for affinity hints" (mainline 5.17; 5.10.y stable)
 * used-by: compat/misc.h
 */
#include <linux/interrupt.h>

static int PROBE(fn)(unsigned int irq, const struct cpumask *m)
{
	return irq_set_affinity_and_hint(irq, m) + irq_update_affinity_hint(irq, m);
}
