// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_SCHED_NUMA_HOP_MASK: for_each_numa_hop_mask() / sched_numa_hop_mask().
 * upstream: "sched/topology: Introduce for_each_numa_hop_mask()" (mainline 6.3)
 */
#include <linux/topology.h>
#include <linux/rcupdate.h>

static unsigned int PROBE(fn)(int node)
{
	const struct cpumask *mask, *prev = cpu_none_mask;
	unsigned int n = 0;

	rcu_read_lock();
	for_each_numa_hop_mask(mask, node) {
		n += cpumask_weight(mask);
		prev = mask;
	}
	rcu_read_unlock();
	return n + cpumask_weight(prev);
}
