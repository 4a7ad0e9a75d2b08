// SPDX-License-Identifier: GPL-2.0-only
/*
 * XDP: attaching a program (ndo_bpf) and sending frames redirected to a
 * MANA port (ndo_xdp_xmit).  The per-packet verdicts are handled in rx.c;
 * XDP_TX and ndo_xdp_xmit go through the normal send path (the device has
 * no separate XDP ring).
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <compat/net.h>

#include "eth.h"

/**
 * mana_xdp_max_mtu() - largest MTU an XDP program allows
 * @ndev: netdev
 *
 * With a program every buffer is one page: headroom, frame and the
 * skb_shared_info must fit in it.
 *
 * Return: the MTU limit.
 */
u32 mana_xdp_max_mtu(const struct net_device *ndev)
{
	return PAGE_SIZE - XDP_PACKET_HEADROOM - ETH_HLEN -
	       SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
}

static int mana_xdp_setup(struct mana_port *port, struct bpf_prog *prog,
			  struct netlink_ext_ack *extack)
{
	struct net_device *ndev = port->ndev;
	struct bpf_prog *old;
	bool rebuild;
	int err;

	ASSERT_RTNL();
	if (prog && ndev->mtu > mana_xdp_max_mtu(ndev)) {
		NL_SET_ERR_MSG_MOD(extack, "MTU too large for XDP");
		netdev_err(ndev, "XDP needs an MTU of at most %u\n",
			   mana_xdp_max_mtu(ndev));
		return -EOPNOTSUPP;
	}

	/* The buffer layout changes when a program comes or goes. */
	rebuild = !!prog != mana_port_has_xdp(port);
	if (rebuild && port->up)
		mana_port_close_queues(port);

	old = rcu_replace_pointer(port->xdp_prog, prog, lockdep_rtnl_is_held());
	if (old)
		bpf_prog_put(old);

	if (!rebuild || !netif_running(ndev))
		return 0;
	err = mana_port_open_queues(port);
	if (err)
		netdev_err(ndev, "cannot re-open the port after the XDP change: %d\n",
			   err);
	return err;
}

/**
 * mana_bpf() - ndo_bpf
 * @ndev: netdev
 * @bpf: command
 *
 * Return: 0 or a negative errno.
 */
int mana_bpf(struct net_device *ndev, struct netdev_bpf *bpf)
{
	struct mana_port *port = netdev_priv(ndev);

	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return mana_xdp_setup(port, bpf->prog, bpf->extack);
	default:
		return -EINVAL;
	}
}

/**
 * mana_xdp_xmit() - ndo_xdp_xmit: send frames redirected to this port
 * @ndev: netdev
 * @n: number of frames
 * @frames: the frames
 * @flags: XDP_XMIT_* flags
 *
 * Each frame is copied into an skb and sent on the channel of the current
 * CPU, with one SQ doorbell for the call; every frame is returned to its
 * owner here, sent or dropped.  So all
 * @n count as consumed, which is right under both contracts of this op
 * (before 5.13 the driver freed what it dropped, later the core frees the
 * frames past the returned count).
 *
 * Return: @n, or a negative errno when nothing was consumed.
 */
int mana_xdp_xmit(struct net_device *ndev, int n, struct xdp_frame **frames,
		  u32 flags)
{
	struct mana_port *port = netdev_priv(ndev);
	bool sent = false;
	u32 qidx;
	int i;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	if (!READ_ONCE(port->up))
		return -ENETDOWN;

	qidx = smp_processor_id() % port->num_queues;
	for (i = 0; i < n; i++) {
		struct xdp_frame *f = frames[i];
		struct sk_buff *skb;

		skb = netdev_alloc_skb(ndev, f->len);
		if (skb) {
			skb_put_data(skb, f->data, f->len);
			skb->protocol = eth_type_trans(skb, ndev);
			skb_push(skb, ETH_HLEN);
			skb_set_queue_mapping(skb, qidx);
			sent |= mana_xdp_tx_skb(port, qidx, skb);
		} else {
			atomic64_inc(&port->stats.tx_dropped);
		}
		xdp_return_frame(f);
	}
	if (sent)	/* one doorbell for the frames of the call */
		mana_xdp_tx_flush(port, qidx);
	return n;
}
