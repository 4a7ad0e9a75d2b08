// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_IB_COPY_VALIDATE_UDATA_IN: ib_copy_validate_udata_in() and ib_respond_udata().
 * upstream: "RDMA: Add ib_copy_validate_udata_in() and ib_respond_udata()" (after 6.12;
 * in 7.3)
 */
#include <rdma/ib_verbs.h>
#include <rdma/uverbs_ioctl.h>

struct PROBE(req) {
	u32 a;
	u32 b;
};

static int PROBE(fn)(struct ib_udata *udata)
{
	struct PROBE(req) req;
	int err = ib_copy_validate_udata_in(udata, req, b);

	if (err)
		return err;
	return ib_respond_udata(udata, req);
}
