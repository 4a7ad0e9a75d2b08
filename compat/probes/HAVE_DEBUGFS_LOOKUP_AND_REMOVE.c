// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_DEBUGFS_LOOKUP_AND_REMOVE: debugfs_lookup_and_remove().
 * upstream: "debugfs: add debugfs_lookup_and_remove()" (mainline 6.0; 5.10.y and 5.15.y
 * stable)
 */
#include <linux/debugfs.h>

static void PROBE(fn)(struct dentry *parent)
{
	debugfs_lookup_and_remove("probe", parent);
}
