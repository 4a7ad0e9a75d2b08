// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_AUXILIARY_BUS: <linux/auxiliary_bus.h> with auxiliary_device_init()/add and
 * module_auxiliary_driver().
 * upstream: "driver core: auxiliary bus: introduce" (mainline 5.11)
 * requires-config: CONFIG_AUXILIARY_BUS
 * requires-symbol: auxiliary_device_init
 */
#include <linux/auxiliary_bus.h>

static int PROBE(fn)(struct auxiliary_device *adev)
{
	int err = auxiliary_device_init(adev);

	if (err)
		return err;
	err = auxiliary_device_add(adev);
	if (err)
		auxiliary_device_uninit(adev);
	return err;
}
