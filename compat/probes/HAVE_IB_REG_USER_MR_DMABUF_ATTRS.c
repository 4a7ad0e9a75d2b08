// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_REG_USER_MR_DMABUF_ATTRS: ib_device_ops.reg_user_mr_dmabuf(..., fd, access,
 * attrs bundle).
 * upstream: "RDMA: Pass uverbs_attr_bundle as part of '.reg_user_mr_dmabuf' API"
 * (mainline 6.10)
 */
#include <rdma/ib_verbs.h>

static struct ib_mr *PROBE(reg)(struct ib_pd *pd, u64 offset, u64 length, u64 virt,
				int fd, int access, struct uverbs_attr_bundle *attrs)
{
	return NULL;
}

static const struct ib_device_ops PROBE(ops) = {
	.reg_user_mr_dmabuf = PROBE(reg),
};
