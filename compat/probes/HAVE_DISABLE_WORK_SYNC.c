// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_DISABLE_WORK_SYNC: disable_work_sync(), disable_delayed_work_sync() and
 * enable_work().
 * upstream: "workqueue: Implement disable/enable for (delayed) work items" (mainline
 * 6.10)
 */
#include <linux/workqueue.h>

static bool PROBE(fn)(struct work_struct *w, struct delayed_work *dw)
{
	return disable_work_sync(w) && disable_delayed_work_sync(dw) && enable_work(w);
}
