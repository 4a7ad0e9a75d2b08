// SPDX-License-Identifier: GPL-2.0
/*
 * HAVE_XDP_XMIT_CORE_FREES: ndo_xdp_xmit() returns how many frames it sent and the
 * core frees the rest (before, the driver freed the frames it dropped).
 * upstream: "bpf: devmap: move drop error path to devmap for XDP_REDIRECT" (mainline 5.13).
 * That contract change is not visible to a compiler, so this probe tests a proxy from the
 * same series of XDP return-path work: xdp_return_frame_bulk() (mainline 5.11). On 5.11
 * and 5.12 (not supported targets) the proxy would say "core frees" one release early:
 * frames could leak there, never be freed twice.
 */
#include <net/xdp.h>

static void PROBE(fn)(struct xdp_frame *f, struct xdp_frame_bulk *bq)
{
	xdp_return_frame_bulk(f, bq);
}
