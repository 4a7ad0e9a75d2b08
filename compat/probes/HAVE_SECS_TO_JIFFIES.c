// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_SECS_TO_JIFFIES: secs_to_jiffies() exists.
 * upstream: "jiffies: add secs_to_jiffies()" (mainline 6.13; also in 6.1.y and 6.12.y stable)
 * used-by: compat/misc.h
 */
#include <linux/jiffies.h>

static unsigned long PROBE(fn)(void)
{
	return secs_to_jiffies(3);
}
