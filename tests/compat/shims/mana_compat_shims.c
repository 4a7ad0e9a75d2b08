// SPDX-License-Identifier: GPL-2.0
/*
 * Compile test of the compat shims: every fallback and adapter in compat/ is
 * used here once, so each reference kernel compiles the branch it selects
 * (W=1, sparse) even before driver code uses it. The functions are never
 * called; the module is built by scripts/build-matrix.sh and not installed.
 */
#include <linux/cpumask.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <compat/dim.h>
#include <compat/ethtool.h>
#include <compat/net.h>
#ifdef MANA_BUILD_IB
#include <linux/auxiliary_bus.h>
#include <compat/rdma.h>
#endif

#include "mana_compat_shims.h"

struct mana_shimtest_obj {
	int a;
	u32 n;
	u32 v[];
};

unsigned long mana_shimtest_misc(const struct cpumask *a, const struct cpumask *b,
				 unsigned int irq)
{
	struct mana_shimtest_obj *one = kzalloc_obj(*one, GFP_KERNEL);
	unsigned long r = PCI_VENDOR_ID_MICROSOFT;

	r += cpumask_weight(a) + cpumask_weight(b);
	r += mana_compat_irq_set_affinity_and_hint(irq, a);
	r += mana_compat_irq_update_affinity_hint(irq, NULL);
	kfree(one);
	return r;
}
EXPORT_SYMBOL_MANA(mana_shimtest_misc);

int mana_shimtest_dma(struct device *dev)
{
	return mana_compat_dma_set_max_seg_size(dev, UINT_MAX);
}
EXPORT_SYMBOL_MANA(mana_shimtest_dma);

static int mana_shimtest_poll(struct napi_struct *napi, int budget)
{
	return 0;
}

void mana_shimtest_net(struct net_device *dev, struct napi_struct *napi,
		       struct xdp_buff *xdp, struct xdp_rxq_info *rxq, u8 *va,
		       struct bpf_prog *prog)
{
	static const u8 addr[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 1 };
	struct sk_buff *skb;

	mana_compat_netif_napi_add(dev, napi, mana_shimtest_poll);
	eth_hw_addr_set(dev, addr);
	xdp_init_buff(xdp, PAGE_SIZE, rxq);
	xdp_prepare_buff(xdp, va, XDP_PACKET_HEADROOM, 64, false);
	if (mana_compat_xdp_rxq_info_reg(rxq, dev, 0, napi->napi_id))
		return;
	mana_compat_bpf_warn_invalid_xdp_action(dev, prog, 99);
	mana_compat_set_xdp_features(dev);
	skb = napi_build_skb(va, PAGE_SIZE);
	if (skb)
		kfree_skb(skb);
}

static int mana_shimtest_get_rxfh_core(struct net_device *d, u32 *indir, u8 *key,
				       u8 *hfunc)
{
	return 0;
}

static int mana_shimtest_set_rxfh_core(struct net_device *d, const u32 *indir,
				       const u8 *key, u8 hfunc)
{
	return 0;
}

static void mana_shimtest_get_ring(struct net_device *d, struct ethtool_ringparam *r)
{
}

static int mana_shimtest_set_ring(struct net_device *d, struct ethtool_ringparam *r)
{
	return 0;
}

static int mana_shimtest_get_coal(struct net_device *d, struct ethtool_coalesce *ec,
				  u32 *cqe_frames, u32 *cqe_nsecs)
{
	return 0;
}

static int mana_shimtest_set_coal(struct net_device *d, struct ethtool_coalesce *ec,
				  const u32 *cqe_frames, struct netlink_ext_ack *extack)
{
	return 0;
}

MANA_COMPAT_COALESCE_ADAPTERS(mana_shimtest, mana_shimtest_get_coal,
			      mana_shimtest_set_coal)
MANA_COMPAT_RXFH_ADAPTERS(mana_shimtest, mana_shimtest_get_rxfh_core,
			  mana_shimtest_set_rxfh_core)
MANA_COMPAT_RINGPARAM_ADAPTERS(mana_shimtest, mana_shimtest_get_ring,
			       mana_shimtest_set_ring)

static const struct ethtool_ops mana_shimtest_ethtool_ops = {
	.get_rxfh = mana_shimtest_get_rxfh,
	.set_rxfh = mana_shimtest_set_rxfh,
	.get_ringparam = mana_shimtest_get_ringparam,
	.set_ringparam = mana_shimtest_set_ringparam,
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS |
				     MANA_COMPAT_COALESCE_RX_CQE,
	.get_coalesce = mana_shimtest_get_coalesce,
	.set_coalesce = mana_shimtest_set_coalesce,
};

u16 mana_shimtest_dim(struct dim *dim, const struct dim_sample *s)
{
	mana_compat_net_dim(dim, s);
	return mana_compat_dim_profile(true, dim->mode, dim->profile_ix).usec;
}

const struct ethtool_ops *mana_shimtest_ethtool(u8 **data)
{
	ethtool_sprintf(data, "q%u", 1U);
	ethtool_puts(data, "shim");
	return &mana_shimtest_ethtool_ops;
}

#ifdef MANA_BUILD_IB
static void mana_shimtest_remove_core(struct auxiliary_device *adev)
{
}

MANA_COMPAT_AUX_REMOVE_ADAPTER(mana_shimtest, mana_shimtest_remove_core)

static struct auxiliary_driver mana_shimtest_aux_driver __maybe_unused = {
	.name = "shimtest",
	.remove = mana_shimtest_aux_remove,
};

static int mana_shimtest_create_cq_core(struct ib_cq *cq,
					const struct ib_cq_init_attr *attr,
					struct ib_udata *udata)
{
	return 0;
}

static struct ib_mr *mana_shimtest_reg_mr_core(struct ib_pd *pd, u64 start, u64 length,
					       u64 iova, int access, struct ib_udata *udata)
{
	return ERR_PTR(-EOPNOTSUPP);
}

MANA_COMPAT_CREATE_CQ_ADAPTER(mana_shimtest, mana_shimtest_create_cq_core)
MANA_COMPAT_REG_USER_MR_ADAPTER(mana_shimtest, mana_shimtest_reg_mr_core)

static const struct ib_device_ops mana_shimtest_ib_ops = {
	.driver_id = RDMA_DRIVER_MANA,
	.create_cq = mana_shimtest_create_cq,
	.reg_user_mr = mana_shimtest_reg_user_mr,
};

const struct ib_device_ops *mana_shimtest_rdma(struct ib_device *dev, u32 fl,
					       struct ib_umem **umem)
{
	*umem = mana_compat_ib_umem_get(dev, 0, PAGE_SIZE, IB_ACCESS_LOCAL_WRITE);
	if (!IS_ERR(*umem))
		ib_umem_release(*umem);
	return fl ? &mana_shimtest_ib_ops : NULL;
}
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mana-backport compat shim compile test (never loaded)");
