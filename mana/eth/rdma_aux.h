/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Ethernet layer's side of the "mana.rdma" auxiliary device (private to
 * mana/eth/): creating and deleting it.  What mana_ib may use of it is in
 * mana_ib_if.h.
 */
#ifndef _MANA_ETH_RDMA_AUX_H
#define _MANA_ETH_RDMA_AUX_H

#include <linux/types.h>

#include "mana_ib_if.h"

struct mana_eth;

#ifdef HAVE_AUXILIARY_BUS
#include <linux/auxiliary_bus.h>

/**
 * struct mana_rdma_adev - the auxiliary device mana_ib binds to
 * @adev: the auxiliary device
 * @eth: Ethernet state of the MANA GDMA device it belongs to
 */
struct mana_rdma_adev {
	struct auxiliary_device adev;
	struct mana_eth *eth;
};

int mana_eth_rdma_add(struct mana_eth *eth);
void mana_eth_rdma_del(struct mana_eth *eth);
#else
static inline int mana_eth_rdma_add(struct mana_eth *eth)
{
	return 0;
}

static inline void mana_eth_rdma_del(struct mana_eth *eth)
{
}
#endif

#endif /* _MANA_ETH_RDMA_AUX_H */
