// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETHTOOL_SPRINTF: ethtool_sprintf().
 * upstream: "ethtool: Add common function for filling out strings" (mainline 5.13)
 */
#include <linux/ethtool.h>

static void PROBE(fn)(u8 **data)
{
	ethtool_sprintf(data, "q%d", 1);
}
