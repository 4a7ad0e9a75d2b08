// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_BPF_WARN_INVALID_XDP_ACTION_DEV: bpf_warn_invalid_xdp_action(dev, prog, act) (3
 * arguments).
 * upstream: "bpf: generalise tail call map check" series: "xdp: Add dev and prog to
 * bpf_warn_invalid_xdp_action" (mainline 5.17)
 */
#include <linux/filter.h>

static void PROBE(fn)(struct net_device *dev, struct bpf_prog *prog)
{
	bpf_warn_invalid_xdp_action(dev, prog, 99);
}
