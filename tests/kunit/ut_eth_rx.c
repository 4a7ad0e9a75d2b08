// SPDX-License-Identifier: GPL-2.0
/*
 * The receive path under test, compiled into mana_bp_kunit.ko. Packets it hands to GRO go to
 * eth_rx_capture() (eth_env.c) instead, so the suites can inspect the skbs and no test packet
 * ever reaches the network stack: the headers rx.c uses are included first, then
 * napi_gro_receive is renamed for the rest of this file only.
 */
#undef MANA_EXPORT_SYMBOL
#define MANA_EXPORT_SYMBOL(sym)
#include <linux/bpf_trace.h>
#include <linux/dma-mapping.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <compat/net.h>
#include "../../mana/eth/eth.h"
#include "eth_env.h"

#define napi_gro_receive(napi, skb) eth_rx_capture(napi, skb)
#include "../../mana/eth/rx.c"
#undef napi_gro_receive
