// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_AUXILIARY_DRIVER_VOID_REMOVE: auxiliary_driver.remove returns void.
 * upstream: "driver core: auxiliary bus: make remove function return void" (mainline
 * 5.16... in 5.15 stable trees)
 */
#include <linux/auxiliary_bus.h>

static void PROBE(remove)(struct auxiliary_device *adev)
{
}

static struct auxiliary_driver PROBE(drv) = {
	.remove = PROBE(remove),
};
