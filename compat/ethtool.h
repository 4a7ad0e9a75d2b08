/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ethtool shims.  Callbacks whose signature changed are written once by the
 * driver with its own arguments; the macros below generate the two-line
 * adapter with the signature of the target kernel.  Included only by the
 * code that uses it.
 */
#ifndef MANA_COMPAT_ETHTOOL_H
#define MANA_COMPAT_ETHTOOL_H

#include <linux/ethtool.h>
#include <linux/kernel.h>
#include <linux/string.h>

/* "ethtool: Add common function for filling out strings" (mainline 5.13). */
#ifndef HAVE_ETHTOOL_SPRINTF
static inline __printf(2, 3) void ethtool_sprintf(u8 **data, const char *fmt,
						  ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(*data, ETH_GSTRING_LEN, fmt, args);
	va_end(args);
	*data += ETH_GSTRING_LEN;
}
#endif

/* "ethtool: Implement ethtool_puts()" (mainline 6.8). */
#ifndef HAVE_ETHTOOL_PUTS
static inline void ethtool_puts(u8 **data, const char *str)
{
	strscpy(*data, str, ETH_GSTRING_LEN);
	*data += ETH_GSTRING_LEN;
}
#endif

/*
 * "net: ethtool: pass a pointer to parameters to get/set_rxfh ethtool ops"
 * (mainline 6.8).  Driver functions:
 *   int get(struct net_device *, u32 *indir, u8 *key, u8 *hfunc);
 *   int set(struct net_device *, const u32 *indir, const u8 *key, u8 hfunc);
 */
#ifdef HAVE_ETHTOOL_RXFH_PARAM
#define MANA_COMPAT_RXFH_ADAPTERS(pfx, get, set)				\
static int pfx##_get_rxfh(struct net_device *d, struct ethtool_rxfh_param *p) \
{ return get(d, p->indir, p->key, &p->hfunc); }				\
static int pfx##_set_rxfh(struct net_device *d, struct ethtool_rxfh_param *p, \
			  struct netlink_ext_ack *extack)			\
{ return set(d, p->indir, p->key, p->hfunc); }
#else
#define MANA_COMPAT_RXFH_ADAPTERS(pfx, get, set)				\
static int pfx##_get_rxfh(struct net_device *d, u32 *indir, u8 *key,	\
			  u8 *hfunc)						\
{ return get(d, indir, key, hfunc); }					\
static int pfx##_set_rxfh(struct net_device *d, const u32 *indir,	\
			  const u8 *key, const u8 hfunc)			\
{ return set(d, indir, key, hfunc); }
#endif

/*
 * "ethtool: extend ringparam setting/getting API with rx_buf_len" added
 * struct kernel_ethtool_ringparam (mainline 5.17).  Driver functions:
 *   void get(struct net_device *, struct ethtool_ringparam *);
 *   int set(struct net_device *, struct ethtool_ringparam *);
 */
#ifdef HAVE_ETHTOOL_RINGPARAM_KERNEL
#define MANA_COMPAT_RINGPARAM_ADAPTERS(pfx, get, set)			\
static void pfx##_get_ringparam(struct net_device *d,			\
				struct ethtool_ringparam *r,		\
				struct kernel_ethtool_ringparam *kr,	\
				struct netlink_ext_ack *extack)		\
{ get(d, r); }								\
static int pfx##_set_ringparam(struct net_device *d,			\
			       struct ethtool_ringparam *r,		\
			       struct kernel_ethtool_ringparam *kr,	\
			       struct netlink_ext_ack *extack)		\
{ return set(d, r); }
#else
#define MANA_COMPAT_RINGPARAM_ADAPTERS(pfx, get, set)			\
static void pfx##_get_ringparam(struct net_device *d,			\
				struct ethtool_ringparam *r)		\
{ get(d, r); }								\
static int pfx##_set_ringparam(struct net_device *d,			\
			       struct ethtool_ringparam *r)		\
{ return set(d, r); }
#endif

/*
 * "ethtool: add get_rx_ring_count callback" (after 6.12; in 7.3): newer
 * kernels ask for the RX ring count through its own op instead of
 * get_rxnfc(ETHTOOL_GRXRINGS).
 * Driver function: u32 count(struct net_device *).  Use the generated
 * pfx##_RX_RING_COUNT_OP inside the ethtool_ops initialiser.
 */
#ifdef HAVE_ETHTOOL_GET_RX_RING_COUNT
#define MANA_COMPAT_RX_RING_COUNT_ADAPTER(pfx, count)			\
static u32 pfx##_get_rx_ring_count(struct net_device *d)		\
{ return count(d); }

#define MANA_COMPAT_RX_RING_COUNT_OP(pfx)				\
	.get_rx_ring_count = pfx##_get_rx_ring_count
#else
#define MANA_COMPAT_RX_RING_COUNT_ADAPTER(pfx, count)			\
static int pfx##_get_rxnfc(struct net_device *d,			\
			   struct ethtool_rxnfc *cmd, u32 *rules)	\
{									\
	if (cmd->cmd != ETHTOOL_GRXRINGS)				\
		return -EOPNOTSUPP;					\
	cmd->data = count(d);						\
	return 0;							\
}

#define MANA_COMPAT_RX_RING_COUNT_OP(pfx)				\
	.get_rxnfc = pfx##_get_rxnfc
#endif

/*
 * "ethtool: let drivers declare which ops need rtnl": for an ops-locked
 * netdev (see compat/net.h) the ethtool core holds only the instance lock
 * unless the driver asks for RTNL per operation.  MANA_COMPAT_OP_NEEDS_RTNL(bits)
 * goes inside an ethtool_ops initialiser (it brings its own comma); the bits
 * are not evaluated on kernels without the field.
 */
#ifdef HAVE_ETHTOOL_OP_NEEDS_RTNL
#define MANA_COMPAT_OP_NEEDS_RTNL(bits)	.op_needs_rtnl = (bits),
#else
#define MANA_COMPAT_OP_NEEDS_RTNL(bits)
#endif

/*
 * Coalescing callbacks.  "ethtool: add two coalesce attributes for CQE mode"
 * (mainline 5.15) added kernel_ethtool_coalesce and extack; "ethtool: add
 * support for rx CQE coalescing" (after 6.12) added rx_cqe_frames/nsecs.
 * Driver functions:
 *   int get(struct net_device *, struct ethtool_coalesce *,
 *	     u32 *cqe_frames, u32 *cqe_nsecs);
 *   int set(struct net_device *, struct ethtool_coalesce *,
 *	     const u32 *cqe_frames, struct netlink_ext_ack *);
 * cqe_frames/cqe_nsecs are NULL on kernels without the rx-cqe knob, extack
 * is NULL before 5.15.  MANA_COMPAT_COALESCE_RX_CQE is the supported-params
 * bit of the knob (0 without it).
 */
#if defined(HAVE_ETHTOOL_COALESCE_RX_CQE)
#define MANA_COMPAT_COALESCE_RX_CQE	ETHTOOL_COALESCE_RX_CQE_FRAMES
#define MANA_COMPAT_COALESCE_ADAPTERS(pfx, get, set)			\
static int pfx##_get_coalesce(struct net_device *d,			\
			      struct ethtool_coalesce *ec,		\
			      struct kernel_ethtool_coalesce *kec,	\
			      struct netlink_ext_ack *extack)		\
{ return get(d, ec, &kec->rx_cqe_frames, &kec->rx_cqe_nsecs); }		\
static int pfx##_set_coalesce(struct net_device *d,			\
			      struct ethtool_coalesce *ec,		\
			      struct kernel_ethtool_coalesce *kec,	\
			      struct netlink_ext_ack *extack)		\
{ return set(d, ec, &kec->rx_cqe_frames, extack); }
#elif defined(HAVE_ETHTOOL_COALESCE_KERNEL)
#define MANA_COMPAT_COALESCE_RX_CQE	0
#define MANA_COMPAT_COALESCE_ADAPTERS(pfx, get, set)			\
static int pfx##_get_coalesce(struct net_device *d,			\
			      struct ethtool_coalesce *ec,		\
			      struct kernel_ethtool_coalesce *kec,	\
			      struct netlink_ext_ack *extack)		\
{ return get(d, ec, NULL, NULL); }					\
static int pfx##_set_coalesce(struct net_device *d,			\
			      struct ethtool_coalesce *ec,		\
			      struct kernel_ethtool_coalesce *kec,	\
			      struct netlink_ext_ack *extack)		\
{ return set(d, ec, NULL, extack); }
#else
#define MANA_COMPAT_COALESCE_RX_CQE	0
#define MANA_COMPAT_COALESCE_ADAPTERS(pfx, get, set)			\
static int pfx##_get_coalesce(struct net_device *d,			\
			      struct ethtool_coalesce *ec)		\
{ return get(d, ec, NULL, NULL); }					\
static int pfx##_set_coalesce(struct net_device *d,			\
			      struct ethtool_coalesce *ec)		\
{ return set(d, ec, NULL, NULL); }
#endif

#endif /* MANA_COMPAT_ETHTOOL_H */
