// SPDX-License-Identifier: GPL-2.0
/*
 * XDP test programs for the Ethernet feature checks (tests/e2e/guest/
 * eth-features.sh).  Built once per verdict (-DVERDICT=...), each object has
 * one program in section "xdp":
 *   ABORTED  fail on every frame (the program-error verdict)
 *   DROP  drop every frame
 *   PASS  pass every frame (mana-bringup's xdp step in tests/e2e/guest/netvsc.sh)
 *   TX    answer IPv4 ICMP echo requests from XDP (swap MACs and IPs, turn
 *         the request into a reply, XDP_TX); pass everything else
 *   REDIRECT  the same reply, sent back through bpf_redirect() to the
 *         receiving device (XDP_REDIRECT, then its ndo_xdp_xmit)
 *   BOUNCE  send every Ethernet frame back with its MACs swapped (XDP_TX; the
 *         XDP_TX phase of tests/e2e/guest/bench.sh)
 * Self-contained (no kernel or libbpf headers) so any clang can build it.
 */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;

#define SEC(name) __attribute__((section(name), used))

enum { XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT };

/* BPF helper 23: long bpf_redirect(u32 ifindex, u64 flags) */
static long (*bpf_redirect)(u32 ifindex, unsigned long long flags) = (void *)23;

struct xdp_md {
	u32 data;
	u32 data_end;
	u32 data_meta;
	u32 ingress_ifindex;
	u32 rx_queue_index;
	u32 egress_ifindex;
};

struct eth { u8 dst[6]; u8 src[6]; u16 proto; };
struct ip4 { u8 vihl; u8 tos; u16 len; u16 id; u16 frag; u8 ttl; u8 proto; u16 csum;
	     u32 saddr; u32 daddr; };
struct icmp { u8 type; u8 code; u16 csum; };

SEC("xdp")
int xdp_test(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
#if VERDICT == 0 || VERDICT == 1 || VERDICT == 2 /* ABORTED, DROP, PASS: every frame */
	(void)data;
	(void)end;
	return VERDICT;
#elif VERDICT == 5 /* BOUNCE */
	struct eth *e = data;
	u8 mac[6];
	int i;

	if ((void *)(e + 1) > end)
		return XDP_DROP;
	for (i = 0; i < 6; i++) {
		mac[i] = e->dst[i];
		e->dst[i] = e->src[i];
		e->src[i] = mac[i];
	}
	return XDP_TX;
#else
	struct eth *e = data;
	struct ip4 *ip = (void *)(e + 1);
	struct icmp *ic = (void *)(ip + 1);
	u8 mac[6];
	u32 a, sum;
	int i;

	if ((void *)(ic + 1) > end)
		return XDP_PASS;
	/* IPv4 (0x0800 in network order), no options, ICMP echo request */
	if (e->proto != 0x0008 || ip->vihl != 0x45 || ip->proto != 1 || ic->type != 8)
		return XDP_PASS;
	for (i = 0; i < 6; i++) {
		mac[i] = e->dst[i];
		e->dst[i] = e->src[i];
		e->src[i] = mac[i];
	}
	a = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = a;
	ic->type = 0;
	/* type 8 -> 0 lowers the checksummed word by 0x0800 (RFC 1624 update) */
	sum = (u16)~ic->csum;
	sum += 0xfff7;		/* ~0x0008 in network byte order on a little-endian CPU */
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ic->csum = (u16)~sum;
#if VERDICT == 4 /* XDP_REDIRECT */
	return bpf_redirect(ctx->ingress_ifindex, 0);
#else
	return XDP_TX;
#endif
#endif
}

char _license[] SEC("license") = "GPL";
