// SPDX-License-Identifier: GPL-2.0-only
/*
 * Asking for a reset cycle (docs/device-interface.md §4.4): the device's
 * RESET_REQUEST/FPGA_RECONFIG events (from EQ dispatch, queue.c), a client
 * or the HWC that found the device unresponsive, a function-level reset.
 * Nothing here runs the cycle: gdma_service_event() queues svc_down_work,
 * the callback reset.c registered with gdma_service_init(), so the files
 * below the reset cycle (queue.c, hwc.c) reach it without calling up.
 */
#include <linux/workqueue.h>

#include "gdma_internal.h"

/**
 * gdma_svc_name() - what started a reset cycle, for the log
 * @type: GDMA_EQE_RESET_REQUEST, GDMA_EQE_FPGA_RECONFIG or
 *	GDMA_SVC_CLIENT_REQUEST
 *
 * Return: a constant string.
 */
const char *gdma_svc_name(u32 type)
{
	switch (type) {
	case GDMA_EQE_RESET_REQUEST:
		return "reset request";
	case GDMA_EQE_FPGA_RECONFIG:
		return "FPGA reconfiguration";
	default:
		return "driver request";
	}
}

/**
 * gdma_service_event() - start a reset cycle
 * @gc: context
 * @type: GDMA_EQE_RESET_REQUEST, GDMA_EQE_FPGA_RECONFIG or
 *	GDMA_SVC_CLIENT_REQUEST
 *
 * Context: any (called from the EQ interrupt handler).
 */
void gdma_service_event(struct gdma_context *gc, u32 type)
{
	unsigned long flags;
	enum { STARTED, FOLDED, STOPPED } what;

	spin_lock_irqsave(&gc->svc_lock, flags);
	if (test_bit(GDMA_SVC_STOP, &gc->svc_flags)) {
		what = STOPPED;
	} else if (test_and_set_bit(GDMA_SVC_BUSY, &gc->svc_flags)) {
		set_bit(GDMA_SVC_EVENT, &gc->svc_flags);
		what = FOLDED;
	} else {
		gc->svc_type = type;
		gc->svc_attempts = 0;
		queue_work(system_long_wq, &gc->svc_down_work);
		what = STARTED;
	}
	spin_unlock_irqrestore(&gc->svc_lock, flags);

	if (what == STARTED)
		dev_warn(gc->dev, "device service: %s, resetting the function\n",
			 gdma_svc_name(type));
	else if (what == FOLDED)
		dev_warn_ratelimited(gc->dev, "device service: %s while a service runs, folded into it\n",
				     gdma_svc_name(type));
	else
		dev_warn_ratelimited(gc->dev, "device service: %s ignored, the function is stopping\n",
				     gdma_svc_name(type));
}

/**
 * gdma_function_resetting() - a reset cycle is tearing the function down
 * @gc: context
 *
 * From the start of a reset cycle's teardown until the HWC is destroyed:
 * objects the device leaves behind now go with the function's reset, so a
 * client need not ask for another reset, nor report a release the device
 * did not confirm as an error.
 *
 * Return: true while the teardown runs.
 */
bool gdma_function_resetting(const struct gdma_context *gc)
{
	const struct gdma_hwc *hwc = gc->hwc;

	return hwc && READ_ONCE(hwc->resetting);
}
EXPORT_SYMBOL_MANA(gdma_function_resetting);

/**
 * gdma_schedule_reset() - ask for a reset cycle of a device's function
 * @gc: context
 * @why: reason, for the log
 *
 * For a client that found the device unresponsive (e.g. an HWC timeout).
 * Returns at once; the cycle suspends and resumes the clients from a work.
 *
 * Context: any.
 */
void gdma_schedule_reset(struct gdma_context *gc, const char *why)
{
	/* the running cycle's teardown ends with the function's reset */
	if (gdma_function_resetting(gc))
		return;
	dev_warn(gc->dev, "%s: asking for a function reset\n", why);
	gdma_service_event(gc, GDMA_SVC_CLIENT_REQUEST);
}
EXPORT_SYMBOL_MANA(gdma_schedule_reset);

/**
 * gdma_function_reset() - function-level reset, then a reset cycle
 * @gc: context
 *
 * For a client whose queues the device stopped serving (TX drain timeout).
 * The device forgets every object; the reset cycle that follows rebuilds
 * the HWC and lets the clients restore their state.
 *
 * Without FLR (or when it fails) the reset cycle alone is tried.
 *
 * Context: process context; may sleep (the PCI reset takes ~100 ms).
 * Return: 0, -ENODEV when the function is gone, or the error of the FLR
 * (-ENOTTY when the function has none; a reset cycle is scheduled anyway).
 */
int gdma_function_reset(struct gdma_context *gc)
{
	int err = -ENOTTY;

	if (gdma_device_gone(gc))
		return -ENODEV;
	if (gc->function_reset)
		err = gc->function_reset(gc);
	if (err)
		dev_err(gc->dev, "function-level reset not done (%d); resetting through the HWC only\n",
			err);
	gdma_schedule_reset(gc, err ? "TX drain timeout" : "function-level reset done");
	return err;
}
EXPORT_SYMBOL_MANA(gdma_function_reset);
