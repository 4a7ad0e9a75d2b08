// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_REG_USER_MR_DMAH: ib_device_ops.reg_user_mr takes a struct ib_dmah.
 * upstream: "RDMA/core: Pass DMA handle to reg_user_mr" (mainline 6.17)
 */
#include <rdma/ib_verbs.h>

static struct ib_mr *PROBE(reg)(struct ib_pd *pd, u64 start, u64 length, u64 virt,
				int access, struct ib_dmah *dmah, struct ib_udata *udata)
{
	return NULL;
}

static const struct ib_device_ops PROBE(ops) = {
	.reg_user_mr = PROBE(reg),
};
