// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_LINUX_VERSION_MAJOR: LINUX_VERSION_MAJOR/PATCHLEVEL/SUBLEVEL (reported to the
 * device as the OS version).
 * upstream: "kbuild: add LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL,
 * LINUX_VERSION_SUBLEVEL" (mainline 5.14)
 */
#include <linux/version.h>

static const unsigned int PROBE(v)[] = {
	LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL, LINUX_VERSION_SUBLEVEL
};
