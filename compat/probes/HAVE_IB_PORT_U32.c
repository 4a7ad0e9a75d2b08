// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_PORT_U32: ib_device_ops port numbers are u32 (query_port, query_gid, ...).
 * upstream: "RDMA: Support more than 255 rdma ports" (mainline 5.13)
 */
#include <rdma/ib_verbs.h>

static int PROBE(qp)(struct ib_device *dev, u32 port, struct ib_port_attr *attr)
{
	return 0;
}

static const struct ib_device_ops PROBE(ops) = {
	.query_port = PROBE(qp),
};
