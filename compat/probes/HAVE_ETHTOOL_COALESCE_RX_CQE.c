// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_ETHTOOL_COALESCE_RX_CQE: kernel_ethtool_coalesce.rx_cqe_frames/rx_cqe_nsecs and
 * ETHTOOL_COALESCE_RX_CQE_FRAMES.
 * upstream: "ethtool: add support for rx CQE coalescing" (after 6.12; in 7.3)
 */
#include <linux/ethtool.h>

static u32 PROBE(fn)(const struct kernel_ethtool_coalesce *kec)
{
	return kec->rx_cqe_frames + kec->rx_cqe_nsecs + ETHTOOL_COALESCE_RX_CQE_FRAMES;
}
