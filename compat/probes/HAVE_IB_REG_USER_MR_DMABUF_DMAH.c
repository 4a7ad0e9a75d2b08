// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_REG_USER_MR_DMABUF_DMAH: ib_device_ops.reg_user_mr_dmabuf(..., fd, access,
 * dmah, attrs bundle).
 * upstream: "RDMA/core: Pass DMA handle to reg_user_mr_dmabuf" (mainline 6.17)
 */
#include <rdma/ib_verbs.h>

static struct ib_mr *PROBE(reg)(struct ib_pd *pd, u64 offset, u64 length, u64 virt,
				int fd, int access, struct ib_dmah *dmah,
				struct uverbs_attr_bundle *attrs)
{
	return NULL;
}

static const struct ib_device_ops PROBE(ops) = {
	.reg_user_mr_dmabuf = PROBE(reg),
};
