// SPDX-License-Identifier: GPL-2.0-only
/*
 * The data-path EQs of a MANA Ethernet device: one per queue index on its
 * own MSI-X vector, shared by the vPorts' channels (and by mana_ib's queues,
 * mana_eth_eq_id()).  Created at probe and after a reset, destroyed on
 * remove and suspend.
 */
#include <linux/slab.h>

#include "eth.h"

/**
 * mana_eth_destroy_eqs() - destroy the data-path EQs (none left after)
 * @eth: Ethernet state; no port is up
 */
void mana_eth_destroy_eqs(struct mana_eth *eth)
{
	u32 i;

	for (i = 0; i < eth->num_eqs; i++)
		gdma_destroy_queue(eth->eqs[i]);
	kfree(eth->eqs);
	eth->eqs = NULL;
	eth->num_eqs = 0;
}

/**
 * mana_eth_create_eqs() - one EQ per queue index, shared by the vPorts
 * @eth: Ethernet state of a registered device without EQs
 *
 * Return: 0 or a negative errno (no EQ left behind).
 */
int mana_eth_create_eqs(struct mana_eth *eth)
{
	u32 n = gdma_max_num_queues(eth->gc), i;
	struct gdma_queue_spec spec = {};
	int err;

	if (!n)
		return -ENOSPC;
	eth->eqs = kcalloc(n, sizeof(*eth->eqs), GFP_KERNEL);
	if (!eth->eqs)
		return -ENOMEM;

	spec.type = GDMA_EQ;
	spec.ring_size = MANA_EQ_SIZE;
	for (i = 0; i < n; i++) {
		spec.eq.msix_index = gdma_eq_vector(eth->gc, i);
		err = gdma_create_eq(eth->gd, &spec, &eth->eqs[i]);
		if (err) {
			dev_err(eth->dev, "cannot create data EQ %u: %d\n", i,
				err);
			eth->num_eqs = i;
			mana_eth_destroy_eqs(eth);
			return err;
		}
	}
	eth->num_eqs = n;
	return 0;
}
