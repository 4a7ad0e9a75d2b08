// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_REG_USER_MR_DMABUF_UDATA: ib_device_ops.reg_user_mr_dmabuf(pd, offset, length,
 * virt, fd, access, udata).
 * upstream: "RDMA/core: Add support for dma-buf user memory region" (mainline 5.12; form
 * until 6.9)
 */
#include <rdma/ib_verbs.h>

static struct ib_mr *PROBE(reg)(struct ib_pd *pd, u64 offset, u64 length, u64 virt,
				int fd, int access, struct ib_udata *udata)
{
	return NULL;
}

static const struct ib_device_ops PROBE(ops) = {
	.reg_user_mr_dmabuf = PROBE(reg),
};
