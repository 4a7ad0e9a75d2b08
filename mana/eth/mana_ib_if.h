/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What mana.ko's Ethernet layer offers mana_ib.ko, and all of it: mana_ib
 * includes this header and no other one of mana/eth/.  The Ethernet state
 * (struct mana_eth) stays opaque; mana_ib reaches it through the accessors
 * below, exported into the package's namespace (EXPORT_SYMBOL_MANA).
 *
 * Binding: the Ethernet layer adds an auxiliary device named
 * MANA_ETH_DRV_NAME "." MANA_RDMA_ADEV_NAME ("mana.rdma") per MANA Ethernet
 * GDMA device, after its ports and EQs exist, and deletes it (which unbinds
 * mana_ib) before any of them goes away.  So from mana_ib's probe() to its
 * remove() the values the accessors return stay valid and constant; only
 * the vPort ownership (mana_eth_rdma_get_vport()) changes.
 *
 * The MANA-class wire layouts mana_ib sends (eth_wire.h) come with it; they
 * are device facts, not Ethernet state.
 */
#ifndef _MANA_ETH_MANA_IB_IF_H
#define _MANA_ETH_MANA_IB_IF_H

#include <linux/types.h>

#include "eth_wire.h"

struct auxiliary_device;
struct gdma_dev;
struct mana_eth;
struct net_device;

/* Driver name of mana.ko (the auxiliary bus prefixes it to device names) */
#define MANA_ETH_DRV_NAME		"mana"
/* auxiliary_device.name of the device mana_ib binds to: "mana.rdma" */
#define MANA_RDMA_ADEV_NAME		"rdma"

/**
 * struct mana_vport_rx_cfg - what a CONFIG_VPORT_RX request asks for
 * @vport: vPort handle
 * @enable: deliver traffic; when false only @vport and @table_size are used
 * @rss: spread by hash over the table (else all to the default object)
 * @update_key: the device takes @key
 * @update_table: the device takes the table
 * @cqe_coalescing: the device may coalesce RX completions (type 2)
 * @key: Toeplitz key, MANA_HASH_KEY_SIZE bytes
 * @rq_objs: RQ object handles; the first is the default RX object
 * @num_rq_objs: entries of @rq_objs
 * @indir: table entry i is @rq_objs[@indir[i]]; NULL: @rq_objs[i modulo
 *	@num_rq_objs] (the RQs repeated over the table)
 * @table_size: table entries sent (always a full table)
 */
struct mana_vport_rx_cfg {
	u64 vport;
	bool enable;
	bool rss;
	bool update_key;
	bool update_table;
	bool cqe_coalescing;
	const u8 *key;
	const u64 *rq_objs;
	u32 num_rq_objs;
	const u32 *indir;
	u32 table_size;
};

/* vport_rx_fmt.c: one builder for the Ethernet ports and mana_ib's RSS QPs */
struct mana_vport_rx_req *
mana_vport_rx_req_build(const struct mana_vport_rx_cfg *cfg, u32 *len);

/* rdma_aux.c */
struct mana_eth *mana_eth_from_adev(struct auxiliary_device *adev);
struct gdma_dev *mana_eth_gdma_dev(const struct mana_eth *eth);
u32 mana_eth_num_ports(const struct mana_eth *eth);
struct net_device *mana_eth_port_netdev(const struct mana_eth *eth,
					u32 port_idx);
u32 mana_eth_num_eqs(const struct mana_eth *eth);
int mana_eth_eq_id(const struct mana_eth *eth, u32 vector, u32 *eq_id);
int mana_eth_rdma_get_vport(struct mana_eth *eth, u32 port_idx, u64 *vport);
void mana_eth_rdma_put_vport(struct mana_eth *eth, u32 port_idx);

#endif /* _MANA_ETH_MANA_IB_IF_H */
