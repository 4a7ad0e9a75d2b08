/* SPDX-License-Identifier: GPL-2.0 */
/* Prototypes of the compile-test functions (they are never called). */
#ifndef MANA_COMPAT_SHIMS_H
#define MANA_COMPAT_SHIMS_H

unsigned long mana_shimtest_misc(const struct cpumask *a, const struct cpumask *b,
				 unsigned int irq);
int mana_shimtest_dma(struct device *dev);
void mana_shimtest_net(struct net_device *dev, struct napi_struct *napi,
		       struct xdp_buff *xdp, struct xdp_rxq_info *rxq, u8 *va,
		       struct bpf_prog *prog);
const struct ethtool_ops *mana_shimtest_ethtool(u8 **data);
u16 mana_shimtest_dim(struct dim *dim, const struct dim_sample *s);

#ifdef MANA_BUILD_IB
const struct ib_device_ops *mana_shimtest_rdma(struct ib_device *dev, u32 fl,
					       struct ib_umem **umem);
#endif

#endif /* MANA_COMPAT_SHIMS_H */
