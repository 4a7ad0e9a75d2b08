/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry points of the Ethernet layer for the module glue (mana/main.c).
 */
#ifndef _MANA_ETH_CLIENT_H
#define _MANA_ETH_CLIENT_H

#include <linux/types.h>

struct device;
struct net_device;

/**
 * struct mana_eth_port_hooks - when a new port registers, decided above the
 *	Ethernet layer (the hv_netvsc glue, wired by mana/main.c)
 * @wait_ms: how long the port @ndev (allocated, MAC and parent set, not
 *	registered) may wait before it registers; 0 registers it at once.
 *	Process context, rtnl not held.
 * @ready: the waiting port @ndev should register now. rtnl held; the port
 *	registers in the same rtnl section.
 */
struct mana_eth_port_hooks {
	unsigned int (*wait_ms)(struct net_device *ndev);
	bool (*ready)(struct net_device *ndev);
};

int mana_eth_client_register(const struct mana_eth_port_hooks *hooks);
void mana_eth_client_unregister(void);
int mana_eth_port_recreate(struct device *dev, u32 port_idx,
			   const struct net_device *old);

#endif /* _MANA_ETH_CLIENT_H */
