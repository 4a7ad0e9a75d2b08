// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "rdma" auxiliary device for mana_ib, the accessors mana_ib reads the
 * Ethernet device through (mana_ib_if.h) and the vPort ownership rules
 * between the Ethernet netdevs and mana_ib's raw-packet queue pairs.
 */
#include <linux/idr.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "eth.h"
#include "rdma_aux.h"

#ifdef HAVE_AUXILIARY_BUS
static DEFINE_IDA(mana_rdma_ida);

static void mana_rdma_adev_release(struct device *dev)
{
	struct auxiliary_device *adev =
		container_of(dev, struct auxiliary_device, dev);
	struct mana_rdma_adev *madev =
		container_of(adev, struct mana_rdma_adev, adev);

	ida_free(&mana_rdma_ida, adev->id);
	kfree(madev);
}

/**
 * mana_eth_rdma_add() - create the "rdma" auxiliary device of @eth
 * @eth: Ethernet state with its ports and EQs up
 *
 * Return: 0 or a negative errno (Ethernet keeps working without it).
 */
int mana_eth_rdma_add(struct mana_eth *eth)
{
	struct mana_rdma_adev *madev;
	int id, err;

	madev = kzalloc_obj(*madev, GFP_KERNEL);
	if (!madev)
		return -ENOMEM;
	id = ida_alloc(&mana_rdma_ida, GFP_KERNEL);
	if (id < 0) {
		kfree(madev);
		return id;
	}

	madev->eth = eth;
	madev->adev.name = MANA_RDMA_ADEV_NAME;
	madev->adev.id = id;
	madev->adev.dev.parent = eth->dev;
	madev->adev.dev.release = mana_rdma_adev_release;
	err = auxiliary_device_init(&madev->adev);
	if (err) {
		ida_free(&mana_rdma_ida, id);
		kfree(madev);
		return err;
	}
	err = auxiliary_device_add(&madev->adev);
	if (err) {
		/* the release callback frees the id and the memory */
		auxiliary_device_uninit(&madev->adev);
		return err;
	}
	eth->rdma_adev = madev;
	return 0;
}

/**
 * mana_eth_rdma_del() - remove the auxiliary device; unbinds mana_ib
 * @eth: Ethernet state
 */
void mana_eth_rdma_del(struct mana_eth *eth)
{
	struct mana_rdma_adev *madev = eth->rdma_adev;

	if (!madev)
		return;
	eth->rdma_adev = NULL;
	auxiliary_device_delete(&madev->adev);
	auxiliary_device_uninit(&madev->adev);
}

/**
 * mana_eth_from_adev() - the Ethernet device behind a "mana.rdma" device
 * @adev: the auxiliary device mana_ib was probed with
 *
 * Return: the Ethernet state, valid until mana_ib's remove() returns.
 */
struct mana_eth *mana_eth_from_adev(struct auxiliary_device *adev)
{
	return container_of(adev, struct mana_rdma_adev, adev)->eth;
}
EXPORT_SYMBOL_MANA(mana_eth_from_adev);
#endif /* HAVE_AUXILIARY_BUS */

/**
 * mana_eth_gdma_dev() - the Ethernet GDMA device (target of MANA requests)
 * @eth: Ethernet state
 *
 * Return: the GDMA device; its @gc is the PCI function.
 */
struct gdma_dev *mana_eth_gdma_dev(const struct mana_eth *eth)
{
	return eth->gd;
}
EXPORT_SYMBOL_MANA(mana_eth_gdma_dev);

/**
 * mana_eth_num_ports() - vPorts of the Ethernet device
 * @eth: Ethernet state
 *
 * Return: the number of ports (netdevs), at least 1 once the auxiliary
 * device exists.
 */
u32 mana_eth_num_ports(const struct mana_eth *eth)
{
	return eth->num_ports;
}
EXPORT_SYMBOL_MANA(mana_eth_num_ports);

/**
 * mana_eth_port_netdev() - the netdev of one vPort
 * @eth: Ethernet state
 * @port_idx: vPort index, below mana_eth_num_ports()
 *
 * Return: the netdev (registered or waiting to register), or NULL for an
 * index out of range.
 */
struct net_device *mana_eth_port_netdev(const struct mana_eth *eth,
					u32 port_idx)
{
	if (port_idx >= eth->num_ports)
		return NULL;
	return eth->ports[port_idx];
}
EXPORT_SYMBOL_MANA(mana_eth_port_netdev);

/**
 * mana_eth_num_eqs() - completion EQs the Ethernet device created
 * @eth: Ethernet state
 *
 * Return: the number of EQs (0 when it has none).
 */
u32 mana_eth_num_eqs(const struct mana_eth *eth)
{
	return eth->num_eqs;
}
EXPORT_SYMBOL_MANA(mana_eth_num_eqs);

/**
 * mana_eth_eq_id() - the EQ a completion vector's CQs report to
 * @eth: Ethernet state
 * @vector: completion vector; taken modulo mana_eth_num_eqs()
 * @eq_id: out: the device id of that EQ
 *
 * Return: 0, or -ENODEV when the Ethernet device has no EQ.
 */
int mana_eth_eq_id(const struct mana_eth *eth, u32 vector, u32 *eq_id)
{
	if (!eth->num_eqs)
		return -ENODEV;
	*eq_id = eth->eqs[vector % eth->num_eqs]->id;
	return 0;
}
EXPORT_SYMBOL_MANA(mana_eth_eq_id);

/**
 * mana_eth_rdma_get_vport() - take a vPort for mana_ib raw-packet QPs
 * @eth: Ethernet state
 * @port_idx: vPort index (IB port - 1)
 * @vport: out: the vPort handle for MANA-class requests
 *
 * The device serves one owner per vPort: while mana_ib holds a reference,
 * the netdev cannot be opened, and a running netdev refuses mana_ib.
 *
 * Return: 0, -EINVAL for a bad index, -EBUSY when the netdev is up.
 */
int mana_eth_rdma_get_vport(struct mana_eth *eth, u32 port_idx, u64 *vport)
{
	struct net_device *ndev;
	struct mana_port *port;
	int err = 0;

	if (port_idx >= eth->num_ports)
		return -EINVAL;
	ndev = eth->ports[port_idx];
	port = netdev_priv(ndev);

	rtnl_lock();
	if (netif_running(ndev)) {
		err = -EBUSY;
	} else {
		port->rdma_users++;
		*vport = port->vport;
	}
	rtnl_unlock();
	return err;
}
EXPORT_SYMBOL_MANA(mana_eth_rdma_get_vport);

/**
 * mana_eth_rdma_put_vport() - drop a reference taken by mana_eth_rdma_get_vport()
 * @eth: Ethernet state
 * @port_idx: vPort index
 */
void mana_eth_rdma_put_vport(struct mana_eth *eth, u32 port_idx)
{
	struct mana_port *port;

	if (WARN_ON(port_idx >= eth->num_ports))
		return;
	port = netdev_priv(eth->ports[port_idx]);
	rtnl_lock();
	if (!WARN_ON(!port->rdma_users))
		port->rdma_users--;
	rtnl_unlock();
}
EXPORT_SYMBOL_MANA(mana_eth_rdma_put_vport);
