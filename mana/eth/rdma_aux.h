/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Ethernet layer's offer to mana_ib.ko: an auxiliary device named
 * "mana.rdma" per MANA Ethernet GDMA device, and vPort ownership for the
 * raw-packet (DPDK) queue pairs mana_ib creates on the Ethernet vPorts.
 *
 * Lifetime: the auxiliary device is added after the ports and EQs exist and
 * deleted (which unbinds mana_ib) before any of them goes away, so mana_ib
 * may use @eth, its ports and EQs from its probe() to its remove().
 */
#ifndef _MANA_ETH_RDMA_AUX_H
#define _MANA_ETH_RDMA_AUX_H

#include <linux/types.h>

struct mana_eth;

/* auxiliary_device.name; the bus prefixes the module name: "mana.rdma" */
#define MANA_RDMA_ADEV_NAME	"rdma"

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

int mana_eth_rdma_get_vport(struct mana_eth *eth, u32 port_idx, u64 *vport);
void mana_eth_rdma_put_vport(struct mana_eth *eth, u32 port_idx);

#endif /* _MANA_ETH_RDMA_AUX_H */
