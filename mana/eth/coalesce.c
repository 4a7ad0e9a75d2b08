// SPDX-License-Identifier: GPL-2.0-only
/*
 * Coalescing settings of a port: RX CQE coalescing (several packets per
 * receive completion, docs/device-interface.md §3.11.4, sent with
 * CONFIG_VPORT_RX) and interrupt moderation of the channel CQs (start
 * values in CREATE_WQ_OBJ v3, then DIM doorbells), offered only when the
 * device sets GDMA_PF_CAP_DIM: the defaults, what is valid, and the
 * rx_cqe_frames module parameter of kernels without the ethtool knob.
 * Who uses them: requests.c (the request fields), ethtool.c (ethtool -c/-C),
 * dim.c (lib/dim), rx.c (unpacking coalesced completions).
 */
#include <linux/ethtool.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <compat/dim.h>
#include <compat/ethtool.h>

#include "eth.h"

#ifndef HAVE_ETHTOOL_COALESCE_RX_CQE
/* Kernels whose ethtool has no rx-cqe-frames knob: a module parameter,
 * read whenever a port (re)starts its receive steering.
 */
static unsigned int rx_cqe_frames = 1;

static int mana_param_set_cqe_frames(const char *val,
				     const struct kernel_param *kp)
{
	unsigned int n;
	int err = kstrtouint(val, 0, &n);

	if (err)
		return err;
	if (n != 1 && n != MANA_RXC_NUM_PPI && n != MANA_RXC_MAX_PKTS)
		return -EINVAL;
	WRITE_ONCE(rx_cqe_frames, n);
	return 0;
}

static const struct kernel_param_ops mana_cqe_frames_ops = {
	.set = mana_param_set_cqe_frames,
	.get = param_get_uint,
};

module_param_cb(rx_cqe_frames, &mana_cqe_frames_ops, &rx_cqe_frames, 0644);
MODULE_PARM_DESC(rx_cqe_frames,
		 "packets per RX completion: 1 (default), 4, or 8 if the device supports it; applied at the next ifup (ethtool rx-cqe-frames on kernels that have it)");
#endif

/**
 * mana_cqe_frames_valid() - packets per RX completion the port may ask for
 * @port: port
 * @frames: 1, 4, or 8 when the device offers 8-packet coalescing
 *
 * Return: true when @frames is allowed.
 */
bool mana_cqe_frames_valid(const struct mana_port *port, u32 frames)
{
	return frames == 1 || frames == MANA_RXC_NUM_PPI ||
	       (frames == MANA_RXC_MAX_PKTS && port->eth->cqe8_coalescing);
}

/**
 * mana_coal_cqe_frames_update() - take the rx_cqe_frames module parameter
 * @port: port about to enable its receive steering
 *
 * On kernels whose ethtool has no rx-cqe-frames knob the parameter is the
 * setting: read whenever a port (re)starts its steering, an unsupported
 * value falls back to 1.  Elsewhere ethtool set it already: nothing to do.
 */
void mana_coal_cqe_frames_update(struct mana_port *port)
{
#ifndef HAVE_ETHTOOL_COALESCE_RX_CQE
	u32 frames = READ_ONCE(rx_cqe_frames);

	if (!mana_cqe_frames_valid(port, frames)) {
		netdev_warn_once(port->ndev,
				 "rx_cqe_frames=%u is not supported here, using 1\n",
				 frames);
		frames = 1;
	}
	port->coal.cqe_frames = frames;
#endif
}

/**
 * mana_coal_moderation_offered() - the device does interrupt moderation
 * @eth: device
 *
 * Return: true when pf_cap_flags1 has the DIM bit.
 */
bool mana_coal_moderation_offered(const struct mana_eth *eth)
{
	return gdma_pf_cap_flags(eth->gc) & GDMA_PF_CAP_DIM;
}

/**
 * mana_coal_port_init() - coalescing defaults of a new port
 * @port: port being created
 *
 * One packet per RX completion; adaptive moderation on both directions when
 * the device and the kernel (lib/dim) offer it, as mainline does.
 */
void mana_coal_port_init(struct mana_port *port)
{
	struct mana_coal_cfg *cfg = &port->coal;

	memset(cfg, 0, sizeof(*cfg));
	cfg->cqe_frames = 1;
	if (MANA_COMPAT_DIM && mana_coal_moderation_offered(port->eth)) {
		cfg->rx_adaptive = true;
		cfg->tx_adaptive = true;
	}
}
