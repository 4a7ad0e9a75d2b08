// SPDX-License-Identifier: GPL-2.0-only
/*
 * Recovery of a function (docs/device-interface.md §4.4): the reset
 * cycle that the device asks for with RESET_REQUEST or FPGA_RECONFIG, or a
 * client asks for after an HWC timeout or a function-level reset (the
 * requests arrive through service.c, which queues the works below); the PM
 * suspend/resume halves it shares; and the delayed bring-up retry when a
 * probe fails while the device is recovering.
 *
 * A cycle runs as two works so that nothing sleeps long with a lock held
 * and remove() can cancel a cycle at once:
 *   svc_down_work  the clients are suspended (netdevs stay), the HWC is
 *                  destroyed with SMC DESTROY_HWC;
 *   svc_up_work    service_wait_ms later: full bring-up with a new
 *                  ESTABLISH_HWC, then the clients are resumed.  A bring-up
 *                  that fails with -ETIMEDOUT/-EPROTO is tried again (at
 *                  most recovery_retries times); after that, or for any
 *                  other error, the clients are removed.
 * GDMA_SVC_BUSY is held from the request to the end of svc_up_work: one
 * cycle at a time.  A request arriving meanwhile is folded into the
 * running cycle; one arriving during a bring-up makes that bring-up fail
 * with -EPROTO, so it is retried.  A function whose BAR0 reads all-ones is
 * gone: the cycle stops and the clients are removed without waiting for the
 * device.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/workqueue.h>

#include "gdma_internal.h"

static unsigned int service_wait_ms = 10000;
module_param(service_wait_ms, uint, 0644);
MODULE_PARM_DESC(service_wait_ms,
		 "Pause between teardown and bring-up in a device reset cycle, and before a bring-up retry (ms, default 10000)");

static unsigned int recovery_retries = 3;
module_param(recovery_retries, uint, 0644);
MODULE_PARM_DESC(recovery_retries,
		 "Bring-up attempts of a reset cycle or a failed probe before the function is given up (default 3)");

static bool gdma_svc_recoverable(int err)
{
	return err == -ETIMEDOUT || err == -EPROTO;
}

static unsigned long gdma_svc_delay(void)
{
	return msecs_to_jiffies(READ_ONCE(service_wait_ms));
}

/**
 * gdma_suspend_function() - clients suspended, HWC destroyed
 * @gc: context
 *
 * Interrupt vectors stay; the caller frees them for PM suspend.
 */
void gdma_suspend_function(struct gdma_context *gc)
{
	gdma_suspend_clients(gc);
	gdma_core_teardown(gc);
}

/**
 * gdma_resume_function() - bring-up, then clients resumed or attached
 * @gc: context after gdma_suspend_function() or before its first bring-up
 *
 * A service request that arrives during the bring-up fails it with -EPROTO
 * (the device wants another reset).  On failure the function is left torn
 * down with its clients suspended (or, for a first bring-up, detached).
 *
 * Return: 0 or a negative errno.
 */
int gdma_resume_function(struct gdma_context *gc)
{
	bool had_clients = gc->clients_attached;
	int err;

	gc->keep_devs = had_clients;
	err = gdma_core_setup(gc);
	gc->keep_devs = false;
	if (err)
		return err;

	if (had_clients)
		err = gdma_resume_clients(gc);
	else
		err = gdma_attach_clients(gc);
	if (!err && test_and_clear_bit(GDMA_SVC_EVENT, &gc->svc_flags)) {
		dev_warn(gc->dev, "device service event during bring-up: bring-up again later\n");
		err = -EPROTO;
	}
	if (!err)
		return 0;

	if (had_clients) {
		gdma_suspend_function(gc);
	} else {
		gdma_detach_clients(gc);
		gdma_core_teardown(gc);
	}
	return err;
}

/* Give up: the clients are removed and the function stays down. */
static void gdma_svc_abort(struct gdma_context *gc)
{
	gdma_detach_clients(gc);
	gdma_core_teardown(gc);
	clear_bit(GDMA_SVC_EVENT, &gc->svc_flags);
	clear_bit(GDMA_SVC_BUSY, &gc->svc_flags);
}

/* With GDMA_SVC_BUSY held: retry a failed bring-up later, or give up. */
static int gdma_svc_after_bring_up(struct gdma_context *gc, int err)
{
	if (!err) {
		clear_bit(GDMA_SVC_BUSY, &gc->svc_flags);
		return 0;
	}
	if (gdma_svc_recoverable(err) && !gdma_device_gone(gc) &&
	    gc->svc_attempts + 1 < READ_ONCE(recovery_retries) &&
	    !test_bit(GDMA_SVC_STOP, &gc->svc_flags)) {
		gc->svc_attempts++;
		dev_warn(gc->dev, "bring-up failed (%d), the device may be recovering: attempt %u of %u in %u ms\n",
			 err, gc->svc_attempts + 1, READ_ONCE(recovery_retries),
			 READ_ONCE(service_wait_ms));
		queue_delayed_work(system_long_wq, &gc->svc_up_work,
				   gdma_svc_delay());
		return 0;
	}
	dev_err(gc->dev, "bring-up failed (%d): the function stays down until the driver is bound again\n",
		err);
	gdma_svc_abort(gc);
	return err;
}

static void gdma_svc_down_work(struct work_struct *work)
{
	struct gdma_context *gc = container_of(work, struct gdma_context,
					       svc_down_work);

	if (gdma_device_gone(gc)) {
		gdma_svc_abort(gc);
		return;
	}
	/*
	 * The device is resetting: a request waiting now will not be
	 * answered (it would hold the teardown up to its timeout), and the
	 * teardown's own requests may go unanswered: after the first one
	 * that is, the rest fail at once (hwc_wait()).
	 */
	if (gc->hwc) {
		WRITE_ONCE(gc->hwc->resetting, true);
		hwc_fail_requests(gc->hwc, -EIO);
	}
	gdma_suspend_function(gc);
	/* Requests that came before the HWC went away belong to this cycle. */
	clear_bit(GDMA_SVC_EVENT, &gc->svc_flags);
	dev_info(gc->dev, "device service: function down, bring-up in %u ms\n",
		 READ_ONCE(service_wait_ms));
	queue_delayed_work(system_long_wq, &gc->svc_up_work, gdma_svc_delay());
}

static void gdma_svc_up_work(struct work_struct *work)
{
	struct gdma_context *gc = container_of(to_delayed_work(work),
					       struct gdma_context,
					       svc_up_work);
	int err;

	if (gdma_device_gone(gc)) {
		gdma_svc_abort(gc);
		return;
	}
	err = gdma_resume_function(gc);
	if (!err)
		dev_info(gc->dev, "device service: %s done, function up again\n",
			 gdma_svc_name(gc->svc_type));
	gdma_svc_after_bring_up(gc, err);
}

/**
 * gdma_bring_up() - first bring-up of a function (probe, PM resume)
 * @gc: context with BAR0 and vectors ready
 *
 * Runs with GDMA_SVC_BUSY held so that service events of the device are
 * noticed.  A failure with -ETIMEDOUT/-EPROTO (or such an event) is retried
 * after service_wait_ms by the recovery work and counts as success here.
 *
 * Return: 0, or a negative errno when the function cannot come up.
 */
int gdma_bring_up(struct gdma_context *gc)
{
	int err;

	set_bit(GDMA_SVC_BUSY, &gc->svc_flags);
	gc->svc_attempts = 0;
	gc->svc_type = GDMA_SVC_CLIENT_REQUEST;
	err = gdma_resume_function(gc);
	return gdma_svc_after_bring_up(gc, err);
}

/**
 * gdma_service_stop() - no new cycles; cancel a running one
 * @gc: context
 *
 * A cancelled cycle leaves the function torn down with its clients
 * suspended; the caller (remove, PM suspend) continues from there.
 */
void gdma_service_stop(struct gdma_context *gc)
{
	unsigned long flags;

	spin_lock_irqsave(&gc->svc_lock, flags);
	set_bit(GDMA_SVC_STOP, &gc->svc_flags);
	spin_unlock_irqrestore(&gc->svc_lock, flags);
	cancel_work_sync(&gc->svc_down_work);
	cancel_delayed_work_sync(&gc->svc_up_work);
	clear_bit(GDMA_SVC_BUSY, &gc->svc_flags);
	clear_bit(GDMA_SVC_EVENT, &gc->svc_flags);
}

/**
 * gdma_service_start() - accept service requests again (PM resume)
 * @gc: context
 */
void gdma_service_start(struct gdma_context *gc)
{
	unsigned long flags;

	spin_lock_irqsave(&gc->svc_lock, flags);
	clear_bit(GDMA_SVC_STOP, &gc->svc_flags);
	spin_unlock_irqrestore(&gc->svc_lock, flags);
}

/**
 * gdma_service_init() - initialise the recovery state of a new context
 * @gc: context
 */
void gdma_service_init(struct gdma_context *gc)
{
	spin_lock_init(&gc->svc_lock);
	spin_lock_init(&gc->parked_lock);
	INIT_LIST_HEAD(&gc->parked_queues);
	INIT_WORK(&gc->svc_down_work, gdma_svc_down_work);
	INIT_DELAYED_WORK(&gc->svc_up_work, gdma_svc_up_work);
}
