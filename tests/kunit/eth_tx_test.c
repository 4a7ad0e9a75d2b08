// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet send path (spec 3.5.5, 3.11.1, 3.11.2): ndo_start_xmit on a port whose channel 0
 * has real rings; the test reads the WQE the driver posted byte by byte and fetches the
 * packet bytes through the SGE addresses, as the device would.
 *
 * Constants of every case: SQ id 0x12c05 (vsq_frame = id >> 10 = 0x4b, placed at OOB DW1
 * [23:10] = 0x12c00), TX CQ id 0x345 (vcq_num at OOB DW0 [31:8] = 0x34500), gpa_mkey
 * 0x00c0ffee, vPort offset 0x5a unless the case says otherwise.
 * WQE header: DW0 [31:24] last_vbytes; DW1 [7:0] num_sge, [10:8] OOB size / 4 (2 short,
 * 6 long), [11] client_oob_in_sgl, [29:16] client_data_unit (MSS).
 * OOB DW0: [1:0] pkt_fmt, [2] outer IPv4, [3] outer IPv6, [4] IP csum, [5] TCP csum,
 * [6] UDP csum; DW1: [9:0] trans_off, [31:24] short vPort offset; long OOB DW2: [3] insert
 * VLAN, [18:16] PCP, [19] DEI, [31:20] VID; DW3 [27:16] long vPort offset.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/io.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include "eth_env.h"

/* what the test writes over the SQ doorbell word to see whether the driver rings */
#define TX_DB_UNRUNG	0x5a5a5a5a5a5a5a5aULL

struct tx_pkt {
	bool v6;
	u8 l4;			/* IPPROTO_TCP, IPPROTO_UDP or another protocol (8-byte header) */
	u32 head_payload;	/* payload bytes in the linear part after the headers */
	u32 nfrags;
	u32 frag_len[MAX_SKB_FRAGS];
	bool csum;		/* CHECKSUM_PARTIAL */
	u32 mss;		/* GSO when non-zero */
};

static u32 tx_hdr_len(const struct tx_pkt *p)
{
	return ETH_HLEN + (p->v6 ? 40 : 20) + (p->l4 == IPPROTO_TCP ? 20 : 8);
}

/* 10.0.0.1 -> 10.0.0.2 or fe80::1 -> fe80::2, ports 1000 -> 2000, payload bytes patterned */
static struct sk_buff *tx_skb(struct kunit *test, const struct tx_pkt *p)
{
	static const u8 dst[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };
	static const u8 src[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0x01, 0x02, 0x03 };
	u32 l3 = p->v6 ? 40 : 20, hdr = tx_hdr_len(p), head = hdr + p->head_payload, i, total;
	struct sk_buff *skb;
	struct ethhdr *eh;
	u8 *d;

	skb = alloc_skb(head + 128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, skb);
	skb_reserve(skb, 64);
	d = skb_put(skb, head);
	memset(d, 0, hdr);
	for (i = hdr; i < head; i++)
		d[i] = (u8)(i * 7 + 1);
	total = head;
	for (i = 0; i < p->nfrags; i++)
		total += p->frag_len[i];

	eh = (struct ethhdr *)d;
	ether_addr_copy(eh->h_dest, dst);
	ether_addr_copy(eh->h_source, src);
	eh->h_proto = htons(p->v6 ? ETH_P_IPV6 : ETH_P_IP);
	skb->protocol = eh->h_proto;
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + l3);
	if (p->v6) {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		ip6->version = 6;
		ip6->nexthdr = p->l4;
		ip6->hop_limit = 64;
		ip6->payload_len = htons(total - ETH_HLEN - 40);
		ip6->saddr.s6_addr[0] = 0xfe;
		ip6->saddr.s6_addr[1] = 0x80;
		ip6->saddr.s6_addr[15] = 1;
		ip6->daddr.s6_addr[0] = 0xfe;
		ip6->daddr.s6_addr[1] = 0x80;
		ip6->daddr.s6_addr[15] = 2;
	} else {
		struct iphdr *iph = ip_hdr(skb);

		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = 64;
		iph->protocol = p->l4;
		iph->tot_len = htons(total - ETH_HLEN);
		iph->check = htons(0x1234);	/* must be zeroed for TSO */
		iph->saddr = htonl(0x0a000001);
		iph->daddr = htonl(0x0a000002);
	}
	if (p->l4 == IPPROTO_TCP) {
		struct tcphdr *th = tcp_hdr(skb);

		th->source = htons(1000);
		th->dest = htons(2000);
		th->doff = 5;
		th->ack = 1;
		th->check = htons(0x5678);
	} else {
		struct udphdr *uh = udp_hdr(skb);

		uh->source = htons(1000);
		uh->dest = htons(2000);
		uh->len = htons(total - ETH_HLEN - l3);
	}

	for (i = 0; i < p->nfrags; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, page);
		memset(page_address(page), 0x40 + i, PAGE_SIZE);
		skb_fill_page_desc(skb, i, page, 100 + i, p->frag_len[i]);
		skb->len += p->frag_len[i];
		skb->data_len += p->frag_len[i];
		skb->truesize += PAGE_SIZE;
	}

	if (p->csum || p->mss) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = p->l4 == IPPROTO_TCP ? offsetof(struct tcphdr, check) :
			p->l4 == IPPROTO_UDP ? offsetof(struct udphdr, check) : 2;
	}
	if (p->mss) {
		skb_shinfo(skb)->gso_size = p->mss;
		skb_shinfo(skb)->gso_type = p->v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
		skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(total - hdr, p->mss);
	}
	skb_set_queue_mapping(skb, 0);
	return skb;
}

/* what the device reads through SGE @i of the WQE at ring offset @off: must equal @expect */
static void tx_expect_sge(struct kunit *test, const u8 *ring, u32 off, u32 oob, u32 i,
			  const void *expect, u32 len)
{
	u32 sge = off + 8 + oob + 16 * i;
	u64 addr = eth_rd64(ring, sge);

	KUNIT_EXPECT_EQ(test, eth_rd32(ring, sge + 8), (u32)ETH_MKEY);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, sge + 12), len);
	if (eth_rd32(ring, sge + 12) == len)
		KUNIT_EXPECT_EQ(test, memcmp(phys_to_virt(addr), expect, len), 0);
}

static const void *tx_frag_va(struct sk_buff *skb, u32 i)
{
	const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

	return page_address(skb_frag_page(f)) + skb_frag_off(f);
}

static struct eth_env *tx_env(struct kunit *test, u16 vport_offset)
{
	struct eth_env *e = eth_env_new(test, NULL, 1);

	eth_env_tx_rings(e, 64);
	e->port->tx_vport_offset = vport_offset;
	return e;
}

static void tx_send(struct kunit *test, struct eth_env *e, struct sk_buff *skb)
{
	KUNIT_EXPECT_TRUE(test, mana_start_xmit(skb, e->ndev) == NETDEV_TX_OK);
}

/* linear IPv4/TCP, CHECKSUM_PARTIAL: short OOB, one SGE, one 32-byte unit */
static void tx_linear_tcp4_csum(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt p = { .l4 = IPPROTO_TCP, .head_payload = 100, .csum = true };
	struct sk_buff *skb = tx_skb(test, &p);
	const u8 *ring = e->ch->tx.sq->ring;

	tx_send(test, e, skb);
	KUNIT_ASSERT_EQ(test, e->ch->tx.prod, 1u);
	KUNIT_EXPECT_EQ(test, e->ch->tx.sq->head, 1u);		/* 8 + 8 + 16 = 32 B */
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 0), 0x00000000u);	/* no last_vbytes */
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 4), 0x00000201u);	/* 1 SGE, 8-byte OOB */
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 8), 0x00034524u);	/* vcq | TCP csum | IPv4 */
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 12), 0x5a012c22u);	/* vp 0x5a | frame | off 34 */
	tx_expect_sge(test, ring, 0, 8, 0, skb->data, 154);
	KUNIT_EXPECT_EQ(test, mana_txq_short_pkt_fmt(&e->ch->tx.stats), 1ULL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.long_pkt_fmt, 0ULL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.csum_partial, 1ULL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.packets, 1ULL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.bytes, 154ULL);
	/* SQ doorbell at page offset 0: id, free-running byte position 32 (spec 3.3) */
	KUNIT_EXPECT_EQ(test, env_bar_read64(mana_bp_env(test), env_db_off(ENV_DEV_DB_PAGE, 0x000)),
			(u64)ETH_SQ_ID | 32ULL << 32);
	eth_env_free(e);
}

/*
 * checksum request bits per protocol (one packet each, 32-byte WQEs back to back):
 * UDP gets no transport offset; other L4 protocols and CHECKSUM_NONE get no bits
 */
static void tx_csum_flags(struct kunit *test)
{
	static const struct {
		bool v6;
		u8 l4;
		bool csum;
		u32 dw0, dw1;
	} t[] = {
		{ false, IPPROTO_TCP, true, 0x00034524, 0x5a012c22 },	/* IPv4 | TCP, off 34 */
		{ false, IPPROTO_UDP, true, 0x00034544, 0x5a012c00 },	/* IPv4 | UDP */
		{ true, IPPROTO_TCP, true, 0x00034528, 0x5a012c36 },	/* IPv6 | TCP, off 54 */
		{ true, IPPROTO_UDP, true, 0x00034548, 0x5a012c00 },	/* IPv6 | UDP */
		{ false, IPPROTO_TCP, false, 0x00034500, 0x5a012c00 },	/* CHECKSUM_NONE */
		{ false, IPPROTO_ICMP, true, 0x00034500, 0x5a012c00 },	/* done in software */
	};
	struct eth_env *e = tx_env(test, 0x5a);
	const u8 *ring = e->ch->tx.sq->ring;
	struct sk_buff *skb;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct tx_pkt p = { .v6 = t[i].v6, .l4 = t[i].l4, .head_payload = 60,
				    .csum = t[i].csum };

		skb = tx_skb(test, &p);
		tx_send(test, e, skb);
		KUNIT_EXPECT_EQ_MSG(test, eth_rd32(ring, 32 * i + 4), 0x00000201u, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, eth_rd32(ring, 32 * i + 8), t[i].dw0, "packet %u", i);
		KUNIT_EXPECT_EQ_MSG(test, eth_rd32(ring, 32 * i + 12), t[i].dw1, "packet %u", i);
		tx_expect_sge(test, ring, 32 * i, 8, 0, skb->data, tx_hdr_len(&p) + 60);
	}
	/* the ICMP packet was checksummed by the stack's helper before posting */
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_NONE);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.csum_partial, 4ULL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.prod, 6u);
	eth_env_free(e);
}

/* linear part + 3 page fragments: 4 SGEs in order, 8 + 8 + 64 = 80 -> 96 bytes = 3 units */
static void tx_fragmented(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt p = { .l4 = IPPROTO_TCP, .head_payload = 46, .nfrags = 3,
			    .frag_len = { 1000, 700, 300 }, .csum = true };
	struct sk_buff *skb = tx_skb(test, &p);
	const u8 *ring = e->ch->tx.sq->ring;
	u32 i;

	tx_send(test, e, skb);
	KUNIT_EXPECT_EQ(test, e->ch->tx.sq->head, 3u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 4), 0x00000204u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 8), 0x00034524u);
	tx_expect_sge(test, ring, 0, 8, 0, skb->data, 100);
	for (i = 0; i < 3; i++)
		tx_expect_sge(test, ring, 0, 8, i + 1, tx_frag_va(skb, i), p.frag_len[i]);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.bytes, 2100ULL);
	eth_env_free(e);
}

/*
 * TSO IPv4 (spec 3.11.1): SGE0 = the 54 header bytes only, SGE1 = rest of the linear part,
 * then the fragments; last_vbytes = 54, client_oob_in_sgl, MSS in client_data_unit; OOB
 * IPv4 + IP csum + TCP csum with trans_off 34; tot_len and IP checksum zeroed, TCP checksum
 * = pseudo-header sum over length 0: 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 = 0x1409.
 */
static void tx_tso_ipv4(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt p = { .l4 = IPPROTO_TCP, .head_payload = 1000, .nfrags = 2,
			    .frag_len = { 1448, 1448 }, .mss = 1448 };
	struct sk_buff *skb = tx_skb(test, &p);
	const u8 *ring = e->ch->tx.sq->ring;

	tx_send(test, e, skb);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 0), 0x36000000u);	/* last_vbytes 54 */
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 4), 0x05a80a04u);	/* MSS 1448, in SGL, 4 SGEs */
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 8), 0x00034534u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 12), 0x5a012c22u);
	KUNIT_EXPECT_EQ(test, (u32)ntohs(ip_hdr(skb)->tot_len), 0u);
	KUNIT_EXPECT_EQ(test, (u32)ntohs(ip_hdr(skb)->check), 0u);
	KUNIT_EXPECT_EQ(test, (u32)ntohs(tcp_hdr(skb)->check), 0x1409u);
	tx_expect_sge(test, ring, 0, 8, 0, skb->data, 54);
	tx_expect_sge(test, ring, 0, 8, 1, skb->data + 54, 1000);
	KUNIT_EXPECT_EQ(test, eth_rd64(ring, 16 + 16), eth_rd64(ring, 16) + 54);
	tx_expect_sge(test, ring, 0, 8, 2, tx_frag_va(skb, 0), 1448);
	tx_expect_sge(test, ring, 0, 8, 3, tx_frag_va(skb, 1), 1448);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.tso_packets, 1ULL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.tso_bytes, 3950ULL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.tso_inner_packets, 3ULL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.tso_inner_bytes, 3896ULL);
	eth_env_free(e);
}

/*
 * TSO IPv6 whose linear part is exactly the 74 header bytes: no split SGE; OOB IPv6 + TCP
 * csum (no IP csum), trans_off 54; payload_len zeroed; pseudo sum 0xfe80 + 1 + 0xfe80 + 2
 * + 6 = 0x1fd09 -> 0xfd0a.
 */
static void tx_tso_ipv6_headers_only(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt p = { .v6 = true, .l4 = IPPROTO_TCP, .nfrags = 2,
			    .frag_len = { 2880, 1440 }, .mss = 1440 };
	struct sk_buff *skb = tx_skb(test, &p);
	const u8 *ring = e->ch->tx.sq->ring;

	tx_send(test, e, skb);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 0), 0x4a000000u);	/* last_vbytes 74 */
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 4), 0x05a00a03u);	/* MSS 1440, 3 SGEs */
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 8), 0x00034528u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 12), 0x5a012c36u);
	KUNIT_EXPECT_EQ(test, (u32)ntohs(ipv6_hdr(skb)->payload_len), 0u);
	KUNIT_EXPECT_EQ(test, (u32)ntohs(tcp_hdr(skb)->check), 0xfd0au);
	tx_expect_sge(test, ring, 0, 8, 0, skb->data, 74);
	tx_expect_sge(test, ring, 0, 8, 1, tx_frag_va(skb, 0), 2880);
	tx_expect_sge(test, ring, 0, 8, 2, tx_frag_va(skb, 1), 1440);
	eth_env_free(e);
}

/* long linear heads: one SGE for a 9000-byte non-GSO head, header + rest for a TSO one */
static void tx_long_linear_head(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt plain = { .l4 = IPPROTO_UDP, .head_payload = 9000 - 42, .csum = true };
	struct tx_pkt tso = { .l4 = IPPROTO_TCP, .head_payload = 8000, .mss = 8948 };
	const u8 *ring = e->ch->tx.sq->ring;
	struct sk_buff *skb;

	skb = tx_skb(test, &plain);
	tx_send(test, e, skb);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 4), 0x00000201u);
	tx_expect_sge(test, ring, 0, 8, 0, skb->data, 9000);

	skb = tx_skb(test, &tso);
	tx_send(test, e, skb);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 32), 0x36000000u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 36), 0x22f40a02u);	/* MSS 8948, 2 SGEs */
	tx_expect_sge(test, ring, 32, 8, 0, skb->data, 54);
	tx_expect_sge(test, ring, 32, 8, 1, skb->data + 54, 8000);
	eth_env_free(e);
}

/*
 * VLAN tag to insert -> long OOB (24 bytes, size/4 = 6): pkt_fmt 1, short vPort offset 0,
 * DW2 = insert | PCP 5 | DEI | VID 0x123 = 0x123d0008, DW3 = offset 0x5a << 16, DW4-5 zero;
 * SGE at byte 32; 8 + 24 + 16 = 48 -> 2 units.
 */
static void tx_vlan_long_oob(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt p = { .l4 = IPPROTO_TCP, .head_payload = 100, .csum = true };
	struct sk_buff *skb = tx_skb(test, &p);
	const u8 *ring = e->ch->tx.sq->ring;

	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 5 << 13 | 1 << 12 | 0x123);
	tx_send(test, e, skb);
	KUNIT_EXPECT_EQ(test, e->ch->tx.sq->head, 2u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 4), 0x00000601u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 8), 0x00034525u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 12), 0x00012c22u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 16), 0x123d0008u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 20), 0x005a0000u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 24), 0u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 28), 0u);
	tx_expect_sge(test, ring, 0, 24, 0, skb->data, 154);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.long_pkt_fmt, 1ULL);
	KUNIT_EXPECT_EQ(test, mana_txq_short_pkt_fmt(&e->ch->tx.stats), 0ULL);
	eth_env_free(e);
}

/* a vPort offset above 255 does not fit the short OOB: long format, no VLAN bits */
static void tx_long_oob_vport_offset(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x1a5);
	struct tx_pkt p = { .l4 = IPPROTO_UDP, .head_payload = 20 };
	struct sk_buff *skb = tx_skb(test, &p);
	const u8 *ring = e->ch->tx.sq->ring;

	tx_send(test, e, skb);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 4), 0x00000601u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 8), 0x00034501u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 12), 0x00012c00u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 16), 0u);
	KUNIT_EXPECT_EQ(test, eth_rd32(ring, 20), 0x01a50000u);
	tx_expect_sge(test, ring, 0, 24, 0, skb->data, 62);
	eth_env_free(e);
}

/*
 * 30 SGEs per WQE (spec 3.5.5): a packet needs 1 + fragments (+1 for TSO's split head).
 * Beyond 30 the send path linearises and ndo_features_check falls back to software GSO;
 * the same happens when the TSO header exceeds the 8-bit last_vbytes. Only the fragment
 * count is read, so it is set directly here (no fragment is ever mapped).
 */
static void tx_sge_limit_decisions(struct kunit *test)
{
	struct eth_env *e = eth_env_new(test, NULL, 1);
	struct tx_pkt p = { .l4 = IPPROTO_TCP, .head_payload = 300 };
	netdev_features_t all = NETIF_F_SG | NETIF_F_TSO | NETIF_F_TSO6;
	struct sk_buff *skb = tx_skb(test, &p);

	skb_shinfo(skb)->nr_frags = 29;
	KUNIT_EXPECT_EQ(test, ut_mana_tx_sge_count(skb), 30u);
	skb_shinfo(skb)->gso_size = 1448;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	KUNIT_EXPECT_EQ(test, ut_mana_tx_sge_count(skb), 31u);
	KUNIT_EXPECT_EQ(test, mana_features_check(skb, e->ndev, all) & NETIF_F_TSO, 0ULL);
	skb_shinfo(skb)->nr_frags = 28;
	KUNIT_EXPECT_EQ(test, ut_mana_tx_sge_count(skb), 30u);
	KUNIT_EXPECT_EQ(test, mana_features_check(skb, e->ndev, all) & NETIF_F_TSO,
			(netdev_features_t)NETIF_F_TSO);
	skb_shinfo(skb)->nr_frags = 0;
	/* header 180 + 60 = 240 fits last_vbytes; 200 + 60 = 260 does not */
	skb_set_transport_header(skb, 180);
	tcp_hdr(skb)->doff = 15;
	KUNIT_EXPECT_EQ(test, mana_features_check(skb, e->ndev, all) & NETIF_F_TSO,
			(netdev_features_t)NETIF_F_TSO);
	skb_set_transport_header(skb, 200);
	tcp_hdr(skb)->doff = 15;
	KUNIT_EXPECT_EQ(test, mana_features_check(skb, e->ndev, all) & NETIF_F_TSO, 0ULL);
	kfree_skb(skb);
	eth_env_free(e);
}

/* more than 30 SGEs end to end: only possible when MAX_SKB_FRAGS allows 29+ fragments */
static void tx_linearize_over_30_sges(struct kunit *test)
{
	struct tx_pkt p = { .l4 = IPPROTO_TCP, .head_payload = 100, .mss = 1000 };
	struct eth_env *e;
	struct sk_buff *skb;
	u32 i;

	if (MAX_SKB_FRAGS + 2 <= MANA_MAX_TX_SGE)
		kunit_skip(test, "MAX_SKB_FRAGS is %d here: no packet can need more than %d SGEs",
			   (int)MAX_SKB_FRAGS, (int)MAX_SKB_FRAGS + 2);
	e = tx_env(test, 0x5a);
	p.nfrags = MAX_SKB_FRAGS;
	for (i = 0; i < p.nfrags; i++)
		p.frag_len[i] = 100;
	skb = tx_skb(test, &p);
	tx_send(test, e, skb);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.tx_linear_pkt_cnt), 1LL);
	KUNIT_EXPECT_EQ(test, eth_rd32(e->ch->tx.sq->ring, 4) & 0xff, 2u);
	eth_env_free(e);
}

/*
 * TX completions (spec 3.11.2) free packets in posting order: 32 OK, 33..41 errors still
 * complete the packet and count tx_cq_err, other types count tx_cqe_unknown_type; a client
 * type other than 1 or a completion for another SQ breaks the CQ (reset scheduled).
 */
static void tx_completions(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt p = { .l4 = IPPROTO_UDP, .head_payload = 20 };
	struct gdma_queue *cq = e->ch->tx.cq;
	u32 d[1], i;

	for (i = 0; i < 4; i++)
		tx_send(test, e, tx_skb(test, &p));
	KUNIT_ASSERT_EQ(test, e->ch->tx.prod, 4u);
	d[0] = 32 | 1 << 6;			/* OK */
	dev_put_cqe(cq->ring, cq->ring_size, 0, d, 1, ETH_SQ_ID, true);
	d[0] = 34 | 1 << 6 | 0xabcd << 8;	/* MTU drop, vendor error */
	dev_put_cqe(cq->ring, cq->ring_size, 1, d, 1, ETH_SQ_ID, true);
	d[0] = 50 | 1 << 6;			/* not a TX type */
	dev_put_cqe(cq->ring, cq->ring_size, 2, d, 1, ETH_SQ_ID, true);
	KUNIT_EXPECT_EQ(test, mana_tx_poll(e->ch, 0), 3);
	KUNIT_EXPECT_EQ(test, e->ch->tx.cons, 3u);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->ch->tx.pending), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.tx_cqe_err), 1LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.tx_cqe_unknown_type), 1LL);
	KUNIT_EXPECT_EQ(test, e->ch->tx.sq->tail, 3u);	/* one unit per completed WQE */
	KUNIT_EXPECT_FALSE(test, e->ch->cq_err);

	d[0] = 32 | 2 << 6;			/* client type 2: malformed */
	dev_put_cqe(cq->ring, cq->ring_size, 3, d, 1, ETH_SQ_ID, true);
	KUNIT_EXPECT_EQ(test, mana_tx_poll(e->ch, 0), -EPROTO);
	KUNIT_EXPECT_TRUE(test, e->ch->cq_err);
	KUNIT_EXPECT_EQ(test, e->ch->tx.cons, 3u);
	KUNIT_EXPECT_EQ(test, eth_env_resets_seen(e), 1);
	eth_env_free(e);
}

/*
 * a duplicated send completion (fuzz "cqe duplicate" on a TX CQ): once the device has shown
 * that it reports tx_wqe_offset (data[2] [31:5], a non-zero offset that matched), a completion
 * for a WQE already completed is skipped instead of completing the next pending send early;
 * one for a WQE ahead of the oldest pending breaks the CQ (reset scheduled)
 */
static void tx_duplicate_completion(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt p = { .l4 = IPPROTO_UDP, .head_payload = 20 };
	struct gdma_queue *cq = e->ch->tx.cq;
	u32 d[3] = { 32 | 1 << 6, 0, 0 }, i;

	for (i = 0; i < 4; i++)
		tx_send(test, e, tx_skb(test, &p));
	dev_put_cqe(cq->ring, cq->ring_size, 0, d, 3, ETH_SQ_ID, true);
	d[2] = 32;
	dev_put_cqe(cq->ring, cq->ring_size, 1, d, 3, ETH_SQ_ID, true);
	dev_put_cqe(cq->ring, cq->ring_size, 2, d, 3, ETH_SQ_ID, true);	/* again */
	KUNIT_EXPECT_EQ(test, mana_tx_poll(e->ch, 0), 3);
	KUNIT_EXPECT_TRUE(test, e->ch->tx.wqe_off_seen);
	KUNIT_EXPECT_EQ(test, e->ch->tx.cons, 2u);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->ch->tx.pending), 2);
	KUNIT_EXPECT_FALSE(test, e->ch->cq_err);
	d[2] = 64;
	dev_put_cqe(cq->ring, cq->ring_size, 3, d, 3, ETH_SQ_ID, true);
	KUNIT_EXPECT_EQ(test, mana_tx_poll(e->ch, 0), 1);
	KUNIT_EXPECT_EQ(test, e->ch->tx.cons, 3u);
	/* the oldest pending WQE is at 96: 128 is ahead of it */
	d[2] = 128;
	dev_put_cqe(cq->ring, cq->ring_size, 4, d, 3, ETH_SQ_ID, true);
	KUNIT_EXPECT_EQ(test, mana_tx_poll(e->ch, 0), -EPROTO);
	KUNIT_EXPECT_TRUE(test, e->ch->cq_err);
	KUNIT_EXPECT_EQ(test, e->ch->tx.cons, 3u);
	KUNIT_EXPECT_EQ(test, eth_env_resets_seen(e), 1);
	eth_env_free(e);
}

/* the SQ doorbell word of channel 0 (page ENV_DEV_DB_PAGE, offset 0) */
static u64 tx_sq_db(struct kunit *test)
{
	return env_bar_read64(mana_bp_env(test), env_db_off(ENV_DEV_DB_PAGE, 0x000));
}

static void tx_sq_db_mark(struct kunit *test)
{
	env_bar_write64(mana_bp_env(test), env_db_off(ENV_DEV_DB_PAGE, 0x000), TX_DB_UNRUNG);
}

/*
 * XDP sends ring the SQ doorbell once per batch: mana_xdp_tx_skb() posts without it (the
 * doorbell word keeps a marker the test wrote), mana_xdp_tx_flush() rings once with the
 * producer position of all of them (3 one-unit WQEs: byte 96) and a second flush rings
 * nothing; a normal send after XDP posts rings for them too (position 160 after 2 more),
 * leaving the flush nothing to do
 */
static void tx_xdp_doorbell_batched(struct kunit *test)
{
	struct eth_env *e = tx_env(test, 0x5a);
	struct tx_pkt p = { .l4 = IPPROTO_UDP, .head_payload = 20 };
	u32 i;

	tx_sq_db_mark(test);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE(test, mana_xdp_tx_skb(e->port, 0, tx_skb(test, &p)));
	KUNIT_EXPECT_EQ(test, e->ch->tx.prod, 3u);
	KUNIT_EXPECT_EQ(test, e->ch->tx.stats.xdp_xmit, 3ULL);
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), TX_DB_UNRUNG);
	mana_xdp_tx_flush(e->port, 0);
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), (u64)ETH_SQ_ID | 96ULL << 32);
	tx_sq_db_mark(test);
	mana_xdp_tx_flush(e->port, 0);
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), TX_DB_UNRUNG);

	KUNIT_EXPECT_TRUE(test, mana_xdp_tx_skb(e->port, 0, tx_skb(test, &p)));
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), TX_DB_UNRUNG);
	tx_send(test, e, tx_skb(test, &p));
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), (u64)ETH_SQ_ID | 160ULL << 32);
	tx_sq_db_mark(test);
	mana_xdp_tx_flush(e->port, 0);
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), TX_DB_UNRUNG);
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.tx_dropped), 0LL);
	eth_env_free(e);
}

/*
 * an XDP send that fills the queue (4 slots) rings at once: the queue stops, and only the
 * completions of WQEs the device was told about can wake it; the next XDP send is dropped
 * (tx_dropped) without a doorbell
 */
static void tx_xdp_doorbell_on_stop(struct kunit *test)
{
	struct eth_env *e = eth_env_new(test, NULL, 1);
	struct tx_pkt p = { .l4 = IPPROTO_UDP, .head_payload = 20 };
	struct netdev_queue *nq;
	u32 i;

	eth_env_tx_rings(e, 4);
	e->port->tx_vport_offset = 0x5a;
	nq = netdev_get_tx_queue(e->ndev, 0);
	tx_sq_db_mark(test);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE(test, mana_xdp_tx_skb(e->port, 0, tx_skb(test, &p)));
	KUNIT_EXPECT_FALSE(test, netif_tx_queue_stopped(nq));
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), TX_DB_UNRUNG);
	KUNIT_EXPECT_TRUE(test, mana_xdp_tx_skb(e->port, 0, tx_skb(test, &p)));
	KUNIT_EXPECT_TRUE(test, netif_tx_queue_stopped(nq));
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), (u64)ETH_SQ_ID | 128ULL << 32);
	tx_sq_db_mark(test);
	KUNIT_EXPECT_FALSE(test, mana_xdp_tx_skb(e->port, 0, tx_skb(test, &p)));
	KUNIT_EXPECT_EQ(test, atomic64_read(&e->port->stats.tx_dropped), 1LL);
	mana_xdp_tx_flush(e->port, 0);
	KUNIT_EXPECT_EQ(test, tx_sq_db(test), TX_DB_UNRUNG);
	eth_env_free(e);
}

static struct kunit_case eth_tx_cases[] = {
	KUNIT_CASE(tx_linear_tcp4_csum),
	KUNIT_CASE(tx_csum_flags),
	KUNIT_CASE(tx_fragmented),
	KUNIT_CASE(tx_tso_ipv4),
	KUNIT_CASE(tx_tso_ipv6_headers_only),
	KUNIT_CASE(tx_long_linear_head),
	KUNIT_CASE(tx_vlan_long_oob),
	KUNIT_CASE(tx_long_oob_vport_offset),
	KUNIT_CASE(tx_sge_limit_decisions),
	KUNIT_CASE(tx_linearize_over_30_sges),
	KUNIT_CASE(tx_completions),
	KUNIT_CASE(tx_duplicate_completion),
	KUNIT_CASE(tx_xdp_doorbell_batched),
	KUNIT_CASE(tx_xdp_doorbell_on_stop),
	{}
};

struct kunit_suite mana_bp_eth_tx_suite = {
	.name = "mana_bp_eth_tx",
	.init = mana_bp_env_init,
	.exit = mana_bp_env_exit,
	.test_cases = eth_tx_cases,
};
