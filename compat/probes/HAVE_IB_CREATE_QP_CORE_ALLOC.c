// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_CREATE_QP_CORE_ALLOC: ib_device_ops.create_qp fills a core-allocated ib_qp and
 * returns int.
 * upstream: "RDMA: Globally allocate and release QP memory" (mainline 5.15)
 */
#include <rdma/ib_verbs.h>

static int PROBE(cq)(struct ib_qp *qp, struct ib_qp_init_attr *attr, struct ib_udata *udata)
{
	return 0;
}

static const struct ib_device_ops PROBE(ops) = {
	.create_qp = PROBE(cq),
};
