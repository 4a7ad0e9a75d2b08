/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lib/dim (dynamic interrupt moderation) shims.  Included only by
 * mana/eth/coalesce.c.  Without CONFIG_DIMLIB adaptive moderation is not
 * offered (MANA_COMPAT_DIM is 0) and the calls below do nothing.
 */
#ifndef MANA_COMPAT_DIM_H
#define MANA_COMPAT_DIM_H

#include <linux/dim.h>
#include <linux/kconfig.h>

#if IS_ENABLED(CONFIG_DIMLIB)
#define MANA_COMPAT_DIM		1

/* "lib: dim: ... pass the sample by pointer" (mainline 6.13). */
static inline void mana_compat_net_dim(struct dim *dim,
				       const struct dim_sample *s)
{
#ifdef HAVE_NET_DIM_SAMPLE_PTR
	net_dim(dim, s);
#else
	net_dim(dim, *s);
#endif
}

static inline struct dim_cq_moder mana_compat_dim_profile(bool rx, u8 mode,
							  int ix)
{
	return rx ? net_dim_get_rx_moderation(mode, ix) :
		    net_dim_get_tx_moderation(mode, ix);
}
#else
#define MANA_COMPAT_DIM		0

static inline void mana_compat_net_dim(struct dim *dim,
				       const struct dim_sample *s)
{
}

static inline struct dim_cq_moder mana_compat_dim_profile(bool rx, u8 mode,
							  int ix)
{
	return (struct dim_cq_moder){};
}
#endif

#endif /* MANA_COMPAT_DIM_H */
