// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port answers the raw-packet device (device.c) and the RNIC device
 * (rnic_adapter.c) give alike: one Ethernet port whose state is its
 * netdev's, a single default P_Key, and table sizes taken from the port
 * attributes.  Each device adds what is its own (GIDs, message size,
 * capability flags) after these helpers have run.
 */
#include <linux/netdevice.h>
#include <rdma/ib_mad.h>
#include <rdma/ib_verbs.h>

#include "mana_ib.h"

/**
 * mana_ib_port_attr_from_ndev() - port attributes both devices share
 * @ibdev: the IB device
 * @port: its port number
 * @ndev: the netdev behind @port
 * @gids: size of the port's GID table
 * @props: attributes to fill; everything else in it is cleared
 *
 * MTU, state and speed follow @ndev: the port is active while the netdev
 * runs with its carrier on, and disabled otherwise.
 */
void mana_ib_port_attr_from_ndev(struct ib_device *ibdev, u32 port,
				 struct net_device *ndev, int gids,
				 struct ib_port_attr *props)
{
	bool up = netif_running(ndev) && netif_carrier_ok(ndev);

	memset(props, 0, sizeof(*props));
	props->max_mtu = IB_MTU_4096;
	props->active_mtu = ib_mtu_int_to_enum(READ_ONCE(ndev->mtu));
	props->state = up ? IB_PORT_ACTIVE : IB_PORT_DOWN;
	props->phys_state = up ? IB_PORT_PHYS_STATE_LINK_UP :
				 IB_PORT_PHYS_STATE_DISABLED;
	props->pkey_tbl_len = 1;
	props->gid_tbl_len = gids;
	ib_get_eth_speed(ibdev, port, &props->active_speed,
			 &props->active_width);
}

/**
 * mana_ib_query_pkey() - the port's only P_Key
 * @ibdev: the IB device
 * @port: its port number
 * @index: table index; only 0 exists
 * @pkey: where the P_Key goes
 *
 * Return: 0, or -EINVAL for an index other than 0.
 */
int mana_ib_query_pkey(struct ib_device *ibdev, u32 port, u16 index,
		       u16 *pkey)
{
	if (index)
		return -EINVAL;
	*pkey = IB_DEFAULT_PKEY_FULL;
	return 0;
}

/**
 * mana_ib_get_link_layer() - link layer of a MANA port
 * @ibdev: the IB device
 * @port: its port number
 *
 * Return: Ethernet, for every port of both devices.
 */
enum rdma_link_layer mana_ib_get_link_layer(struct ib_device *ibdev, u32 port)
{
	return IB_LINK_LAYER_ETHERNET;
}

/**
 * mana_ib_port_tables() - table sizes of a port's immutable data
 * @ibdev: the IB device
 * @port: its port number
 * @immutable: receives the P_Key and GID table sizes
 *
 * The caller sets the capability flags (and the MAD size) of its device.
 *
 * Return: 0, or the error of the port query.
 */
int mana_ib_port_tables(struct ib_device *ibdev, u32 port,
			struct ib_port_immutable *immutable)
{
	struct ib_port_attr attr;
	int err;

	err = ib_query_port(ibdev, port, &attr);
	if (err)
		return err;
	immutable->pkey_tbl_len = attr.pkey_tbl_len;
	immutable->gid_tbl_len = attr.gid_tbl_len;
	return 0;
}
