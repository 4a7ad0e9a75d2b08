// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETHTOOL_PUTS: ethtool_puts().
 * upstream: "ethtool: Implement ethtool_puts()" (mainline 6.8)
 */
#include <linux/ethtool.h>

static void PROBE(fn)(u8 **data)
{
	ethtool_puts(data, "probe");
}
