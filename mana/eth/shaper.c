// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bandwidth clamp of a vPort: the SET_BW_CLAMP message, and on kernels with
 * the net_shaper netlink API (HAVE_NET_SHAPER) one shaper of netdev scope
 * whose bw-max becomes the clamp.  Older kernels have no user interface for
 * it, so nothing is registered there.
 *
 * The device takes the clamp in Mbps, in steps of 100 Mbps; net_shaper
 * speaks bits per second.  A bw-max that is not a whole multiple of
 * 100 Mbit/s is refused rather than rounded, as the mainline driver does.
 */
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/netdevice.h>
#include <compat/net.h>

#include "eth.h"

#define MANA_CLAMP_STEP_MBPS		100
#define MANA_BPS_PER_MBPS		1000000

/**
 * mana_set_bw_clamp() - SET_BW_CLAMP: limit the vPort's bandwidth
 * @port: port
 * @enable: true to clamp to @speed_mbps, false to remove the clamp
 * @speed_mbps: the limit, a multiple of 100 (ignored when !@enable)
 *
 * Context: process context, port->link_lock held.
 * Return: 0, -EOPNOTSUPP when the device lacks the message, or another
 * negative errno.
 */
int mana_set_bw_clamp(struct mana_port *port, bool enable, u32 speed_mbps)
{
	struct mana_bw_clamp_resp resp = {};
	struct mana_bw_clamp_req req = {};
	int err;

	lockdep_assert_held(&port->link_lock);
	gdma_init_req_hdr(&req.hdr, MANA_MSG_SET_BW_CLAMP, sizeof(req),
			  sizeof(resp));
	req.vport = cpu_to_le64(port->vport);
	req.enable = cpu_to_le32(enable ? MANA_BW_CLAMP_ON : MANA_BW_CLAMP_OFF);
	req.speed_mbps = cpu_to_le32(enable ? speed_mbps : 0);
	err = mana_eth_send(port->eth, &req, sizeof(req), &resp, sizeof(resp));
	if (err)
		return err;
	if (resp.qos_not_configured)
		netdev_info(port->ndev, "bandwidth clamp: QoS of the vPort is not configured\n");
	return 0;
}

#ifdef HAVE_NET_SHAPER

static int mana_clamp_shaper_set(struct net_shaper_binding *binding,
				 const struct net_shaper *shaper,
				 struct netlink_ext_ack *extack)
{
	struct mana_port *port = netdev_priv(binding->netdev);
	u64 mbps;
	u32 rem;
	int err;

	if (shaper->handle.scope != NET_SHAPER_SCOPE_NETDEV) {
		NL_SET_ERR_MSG_MOD(extack, "only a shaper of netdev scope is supported");
		return -EINVAL;
	}
	mbps = div_u64_rem(shaper->bw_max, MANA_BPS_PER_MBPS, &rem);
	if (mbps > U32_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "bw-max is too large");
		return -EINVAL;
	}
	if (!mbps || rem || (u32)mbps % MANA_CLAMP_STEP_MBPS) {
		NL_SET_ERR_MSG_MOD(extack, "bw-max must be a non-zero multiple of 100 Mbit/s");
		return -EINVAL;
	}

	mutex_lock(&port->link_lock);
	if (port->clamp_mbps && port->shaper_id != shaper->handle.id) {
		NL_SET_ERR_MSG_MOD(extack, "the port already has a shaper");
		err = -EOPNOTSUPP;
		goto unlock;
	}
	/* The device must know the link's QoS before it accepts a clamp. */
	err = mana_query_link_config(port);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot read the link configuration");
		goto unlock;
	}
	err = mana_set_bw_clamp(port, true, (u32)mbps);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the device refused the bandwidth clamp");
		goto unlock;
	}
	port->clamp_mbps = (u32)mbps;
	port->shaper_id = shaper->handle.id;
unlock:
	mutex_unlock(&port->link_lock);
	return err;
}

static int mana_clamp_shaper_delete(struct net_shaper_binding *binding,
				    const struct net_shaper_handle *handle,
				    struct netlink_ext_ack *extack)
{
	struct mana_port *port = netdev_priv(binding->netdev);
	int err;

	mutex_lock(&port->link_lock);
	err = mana_set_bw_clamp(port, false, 0);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the device did not remove the clamp");
	} else {
		port->clamp_mbps = 0;
		port->shaper_id = 0;
	}
	mutex_unlock(&port->link_lock);
	return err;
}

static void mana_clamp_shaper_caps(struct net_shaper_binding *binding,
				   enum net_shaper_scope scope,
				   unsigned long *caps)
{
	/* Only the netdev-wide shaper exists; it has a bw-max in bit/s. */
	if (scope != NET_SHAPER_SCOPE_NETDEV) {
		*caps = 0;
		return;
	}
	*caps = BIT(NET_SHAPER_A_CAPS_SUPPORT_BW_MAX) |
		BIT(NET_SHAPER_A_CAPS_SUPPORT_METRIC_BPS);
}

const struct net_shaper_ops mana_shaper_ops = {
	.set		= mana_clamp_shaper_set,
	.delete		= mana_clamp_shaper_delete,
	.capabilities	= mana_clamp_shaper_caps,
};

#endif /* HAVE_NET_SHAPER */
