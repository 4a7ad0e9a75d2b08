/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Networking shims for the Ethernet layer (netdev, NAPI, page_pool, XDP).
 * Included only by the code that uses them; keyed only on the HAVE_*
 * results of compat/probes/.
 */
#ifndef MANA_COMPAT_NET_H
#define MANA_COMPAT_NET_H

#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/xdp.h>

/* "net: page_pool: split the page_pool_params ..." / header split (mainline 6.6). */
#ifdef HAVE_PAGE_POOL_HELPERS_H
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

/*
 * Ops-locked netdevs: from "net: hold netdev instance lock during ndo_open/
 * ndo_stop" and the NAPI _locked series (mainline 6.15), a netdev with
 * net_shaper_ops (ours where HAVE_NET_SHAPER) has its ndos and ethtool ops
 * called with netdev->lock held, and plain napi_enable()/napi_disable()/
 * netif_napi_add()/netif_napi_del() take that lock themselves (a
 * self-deadlock).  The driver then uses the _locked calls and takes the lock
 * itself, after RTNL, in its own work items (mana_compat_ops_lock()).
 */
#if defined(HAVE_NET_SHAPER) && defined(HAVE_NAPI_LOCKED)
#define MANA_COMPAT_OPS_LOCKED		1
#ifdef HAVE_NET_NETDEV_LOCK_H
#include <net/netdev_lock.h>
#endif
#define mana_compat_netif_napi_add(dev, napi, poll) \
	netif_napi_add_locked(dev, napi, poll)
#define mana_compat_netif_napi_del(napi)	netif_napi_del_locked(napi)
#define mana_compat_napi_enable(napi)		napi_enable_locked(napi)
#define mana_compat_napi_disable(napi)		napi_disable_locked(napi)
#define mana_compat_ops_lock(dev)		netdev_lock(dev)
#define mana_compat_ops_unlock(dev)		netdev_unlock(dev)
#else
#define MANA_COMPAT_OPS_LOCKED		0
#define mana_compat_netif_napi_del(napi)	netif_napi_del(napi)
#define mana_compat_napi_enable(napi)		napi_enable(napi)
#define mana_compat_napi_disable(napi)		napi_disable(napi)
static inline void mana_compat_ops_lock(struct net_device *dev) { }
static inline void mana_compat_ops_unlock(struct net_device *dev) { }
#endif

/* "net: drop the weight argument from netif_napi_add" (mainline 6.1). */
#if MANA_COMPAT_OPS_LOCKED
/* mana_compat_netif_napi_add() is the _locked one, above */
#elif defined(HAVE_NETIF_NAPI_ADD_WEIGHT)
#define mana_compat_netif_napi_add(dev, napi, poll) \
	netif_napi_add(dev, napi, poll)
#else
#define mana_compat_netif_napi_add(dev, napi, poll) \
	netif_napi_add(dev, napi, poll, NAPI_POLL_WEIGHT)
#endif

/* "net: add eth_hw_addr_set()" (mainline 5.15; 5.10.y stable). */
#ifndef HAVE_ETH_HW_ADDR_SET
static inline void eth_hw_addr_set(struct net_device *dev, const u8 *addr)
{
	ether_addr_copy(dev->dev_addr, addr);
}
#endif

/*
 * 8a321cf7becc "net: add IFF_NO_ADDRCONF and use it in bonding to prevent ipv6
 * addrconf" (mainline 6.2): from then on addrconf ignores IFF_SLAVE, so a netdev
 * that must stay without IPv6 addresses needs this flag; before, IFF_SLAVE did it.
 */
static inline void mana_compat_no_addrconf(struct net_device *dev)
{
#ifdef HAVE_IFF_NO_ADDRCONF
	dev->priv_flags |= IFF_NO_ADDRCONF;
#endif
}

/* "skbuff: introduce {,__}napi_build_skb() ..." (mainline 5.12); else build_skb(). */
#ifndef HAVE_NAPI_BUILD_SKB
#define napi_build_skb(data, frag_size)	build_skb(data, frag_size)
#endif

/*
 * page_pool fragments ("page_pool: add frag page recycling support", 5.15)
 * need PP_FLAG_PAGE_FRAG until "page_pool: remove PP_FLAG_PAGE_FRAG" (6.6).
 * MANA_COMPAT_PP_FRAGS is 1 when fragments can be used at all (they also
 * need skb recycling, below).
 */
#ifdef HAVE_PP_FLAG_PAGE_FRAG
#define MANA_COMPAT_PP_FLAG_FRAG	PP_FLAG_PAGE_FRAG
#else
#define MANA_COMPAT_PP_FLAG_FRAG	0
#endif
#if defined(HAVE_PAGE_POOL_DEV_ALLOC_FRAG) && defined(HAVE_SKB_MARK_FOR_RECYCLE)
#define MANA_COMPAT_PP_FRAGS		1
#else
#define MANA_COMPAT_PP_FRAGS		0
#endif
#ifndef HAVE_PAGE_POOL_DEV_ALLOC_FRAG
/* Never called at run time when MANA_COMPAT_PP_FRAGS is 0. */
static inline struct page *page_pool_dev_alloc_frag(struct page_pool *pool,
						    unsigned int *offset,
						    unsigned int size)
{
	return NULL;
}
#endif

/*
 * "page_pool: Allow drivers to hint on SKB recycling" (mainline 5.15):
 * without skb_mark_for_recycle() a page handed to the stack must leave the
 * pool first.
 */
static inline void mana_compat_skb_recycle(struct sk_buff *skb,
					   struct page_pool *pool,
					   struct page *page)
{
#ifdef HAVE_SKB_MARK_FOR_RECYCLE
	skb_mark_for_recycle(skb);
#else
	page_pool_release_page(pool, page);
#endif
}

/* "net, xdp: Introduce xdp_init_buff utility routine" (mainline 5.12). */
#ifndef HAVE_XDP_INIT_BUFF
static inline void xdp_init_buff(struct xdp_buff *xdp, u32 frame_sz,
				 struct xdp_rxq_info *rxq)
{
	xdp->frame_sz = frame_sz;
	xdp->rxq = rxq;
}

static inline void xdp_prepare_buff(struct xdp_buff *xdp,
				    unsigned char *hard_start, int headroom,
				    int data_len, const bool meta_valid)
{
	unsigned char *data = hard_start + headroom;

	xdp->data_hard_start = hard_start;
	xdp->data = data;
	xdp->data_end = data + data_len;
	xdp->data_meta = meta_valid ? data : data + 1;
}
#endif

/* "xdp: add napi_id to xdp_rxq_info_reg" (mainline 5.13). */
static inline int mana_compat_xdp_rxq_info_reg(struct xdp_rxq_info *rxq,
					       struct net_device *dev,
					       u32 idx, unsigned int napi_id)
{
#ifdef HAVE_XDP_RXQ_INFO_REG_NAPI_ID
	return xdp_rxq_info_reg(rxq, dev, idx, napi_id);
#else
	return xdp_rxq_info_reg(rxq, dev, idx);
#endif
}

/* "xdp: Add dev and prog to bpf_warn_invalid_xdp_action" (mainline 5.17). */
static inline void
mana_compat_bpf_warn_invalid_xdp_action(struct net_device *dev,
					struct bpf_prog *prog, u32 act)
{
#ifdef HAVE_BPF_WARN_INVALID_XDP_ACTION_DEV
	bpf_warn_invalid_xdp_action(dev, prog, act);
#else
	bpf_warn_invalid_xdp_action(act);
#endif
}

/* "xdp: introduce xdp-feature support" (mainline 6.3): advertise XDP abilities. */
static inline void mana_compat_set_xdp_features(struct net_device *dev)
{
#ifdef HAVE_XDP_SET_FEATURES_FLAG
	dev->xdp_features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			    NETDEV_XDP_ACT_NDO_XMIT;
#endif
}

/*
 * net_shaper netlink API ("net-shapers: implement NL set and delete
 * operations", mainline 6.13): MANA_COMPAT_SHAPER_OP(ops) goes last in a
 * net_device_ops initialiser (it brings its own comma) and is empty on
 * kernels without the API.
 */
#ifdef HAVE_NET_SHAPER
#include <net/net_shaper.h>
#define MANA_COMPAT_SHAPER_OP(ops)	.net_shaper_ops = &(ops),
#else
#define MANA_COMPAT_SHAPER_OP(ops)
#endif

#endif /* MANA_COMPAT_NET_H */
