// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_CREATE_CQ_ATTRS: ib_device_ops.create_cq takes a uverbs_attr_bundle.
 * upstream: "RDMA: Pass uverbs_attr_bundle as part of '.create_cq' API" (mainline 6.11)
 */
#include <rdma/ib_verbs.h>

static int PROBE(cc)(struct ib_cq *cq, const struct ib_cq_init_attr *attr,
		     struct uverbs_attr_bundle *attrs)
{
	return 0;
}

static const struct ib_device_ops PROBE(ops) = {
	.create_cq = PROBE(cc),
};
