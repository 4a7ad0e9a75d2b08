/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv_netvsc VF glue: a netdevice notifier that helps the in-tree hv_netvsc of
 * older kernels take our ports as its VFs (see netvsc_glue.c). It includes no
 * Ethernet-layer header: our ports are recognised by their parent device's
 * driver, and the one thing the glue asks of the Ethernet layer (re-create a
 * port) is a callback that mana/main.c passes in; mana/main.c likewise hands
 * the Ethernet layer the glue's registration gate (mana_netvsc_glue_wait_ms,
 * mana_netvsc_glue_ready).
 */
#ifndef MANA_NETVSC_GLUE_H
#define MANA_NETVSC_GLUE_H

#include <linux/types.h>

struct device;
struct device_driver;
struct net_device;

/**
 * struct mana_netvsc_glue_ops - what the glue may ask of the Ethernet layer
 * @recreate: unregister the netdev of port @port_idx of the device @dev and
 *	register a new one for it, provided that port's netdev is still @old
 *	(compared, never dereferenced). Process context, rtnl not held.
 *	Returns 0 or a negative errno.
 */
struct mana_netvsc_glue_ops {
	int (*recreate)(struct device *dev, u32 port_idx,
			const struct net_device *old);
};

int mana_netvsc_glue_register(const struct device_driver *ours,
			      const struct mana_netvsc_glue_ops *ops);
void mana_netvsc_glue_unregister(void);
unsigned int mana_netvsc_glue_wait_ms(struct net_device *ndev);
bool mana_netvsc_glue_ready(struct net_device *ndev);

#endif /* MANA_NETVSC_GLUE_H */
