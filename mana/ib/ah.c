// SPDX-License-Identifier: GPL-2.0-only
/*
 * Address handles of the RNIC: RoCE v2 destinations of kernel UD and GSI
 * sends.  An AH is the address vector the device reads through SGE0 of a
 * UD send WQE, built once here in CPU memory; every send copies it into
 * the slot of its WQE (rnic_ud.c), so the AH may go away while sends that
 * used it are still on the ring.  User AHs are not offered (libmana has
 * no UD QPs).
 */
#include <linux/bitfield.h>
#include <rdma/ib_addr.h>

#include "mana_ib.h"

/**
 * mana_ib_create_ah() - build the address vector of a RoCE v2 destination
 * @ibah: core-allocated AH
 * @attr: the destination (GRH with a RoCE v2 source GID, destination MAC)
 * @udata: user data: user AHs are refused
 *
 * Does not sleep: the core may call it in atomic context.
 *
 * Return: 0; -EOPNOTSUPP for a user AH; -EINVAL for an attribute that is
 * not RoCE, has no GRH or names a RoCE v1 source GID.
 */
int mana_ib_create_ah(struct ib_ah *ibah, struct rdma_ah_init_attr *attr,
		      struct ib_udata *udata)
{
	const struct rdma_ah_attr *ah_attr = attr->ah_attr;
	struct mana_ib_ud_av *av = &to_mah(ibah)->av;
	const struct ib_global_route *grh;
	const struct ib_gid_attr *sgid;
	u32 flags;

	if (udata)
		return -EOPNOTSUPP;
	if (ah_attr->type != RDMA_AH_ATTR_TYPE_ROCE ||
	    !(rdma_ah_get_ah_flags(ah_attr) & IB_AH_GRH))
		return -EINVAL;
	grh = rdma_ah_read_grh(ah_attr);
	sgid = grh->sgid_attr;
	if (!sgid)
		return -EINVAL;

	memset(av, 0, sizeof(*av));
	flags = FIELD_PREP(MANA_IB_AV_HOP_LIMIT, grh->hop_limit) |
		FIELD_PREP(MANA_IB_AV_DSCP, grh->traffic_class >> 2);
	switch (rdma_gid_attr_network_type(sgid)) {
	case RDMA_NETWORK_IPV4:
		/* the IPv4 address in the last four bytes, as ::ffff:a.b.c.d */
		av->dest_ip[10] = 0xff;
		av->dest_ip[11] = 0xff;
		mana_ib_reverse(&av->dest_ip[12], &grh->dgid.raw[12], 4);
		mana_ib_reverse(&av->src_ip[12], &sgid->gid.raw[12], 4);
		break;
	case RDMA_NETWORK_IPV6:
		flags |= MANA_IB_AV_IPV6;
		mana_ib_reverse(av->dest_ip, grh->dgid.raw, sizeof(av->dest_ip));
		mana_ib_reverse(av->src_ip, sgid->gid.raw, sizeof(av->src_ip));
		break;
	default:
		/* RoCE v1 GIDs: the device speaks RoCE v2 only */
		return -EINVAL;
	}
	mana_ib_reverse(av->dest_mac, ah_attr->roce.dmac, ETH_ALEN);
	av->udp_src_port =
		cpu_to_le16(rdma_flow_label_to_udp_sport(grh->flow_label));
	av->flags = cpu_to_le32(flags);
	return 0;
}

/**
 * mana_ib_destroy_ah() - nothing to release: sends carry their own copy
 * @ibah: AH
 * @flags: RDMA_DESTROY_AH_* flags
 *
 * Return: 0.
 */
int mana_ib_destroy_ah(struct ib_ah *ibah, u32 flags)
{
	return 0;
}
