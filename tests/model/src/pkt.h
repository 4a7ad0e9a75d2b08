/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure packet logic of the model: header parsing, Internet checksums,
 * Toeplitz hashing, TSO segmentation and VLAN tag handling. Nothing in here
 * touches device state, so the unit test program links it alone.
 */
#ifndef MANA_MODEL_PKT_H
#define MANA_MODEL_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_HLEN_	14
#define ETH_P_IPV4_	0x0800
#define ETH_P_IPV6_	0x86dd
#define ETH_P_8021Q_	0x8100
#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17

/* NDIS hash types as reported in the RX CQE (bit numbers) */
#define HASH_IPV4	(1u << 0)
#define HASH_TCP_IPV4	(1u << 1)
#define HASH_UDP_IPV4	(1u << 2)
#define HASH_IPV6	(1u << 3)
#define HASH_TCP_IPV6	(1u << 4)
#define HASH_UDP_IPV6	(1u << 5)
#define HASH_ALL	0x3f

struct pkt_info {
	uint32_t l2_len;	/* Ethernet header incl. VLAN tag */
	uint16_t ethertype;	/* after any VLAN tag */
	bool vlan;
	uint16_t vlan_tci;
	bool ipv4, ipv6;
	uint32_t l3_off, l3_len;	/* IPv6: incl. extension headers */
	uint8_t l4_proto;
	uint32_t l4_off, l4_hlen;	/* TCP: data offset; UDP: 8 */
	uint32_t ip_payload_end;	/* l3_off + total length per IP header */
	bool fragment;
	bool l4_complete;	/* full L4 header present */
};

/* A frame queued inside the model. */
struct pkt {
	struct pkt *next;
	uint32_t len;
	uint32_t meta[2];	/* model use: RX CQE dword 1 and hash */
	uint8_t data[];
};

int pkt_parse(const uint8_t *f, uint32_t len, struct pkt_info *pi);
uint32_t csum_add(uint32_t sum, const void *data, size_t len);
uint16_t csum_fold(uint32_t sum);
uint32_t csum_pseudo(const uint8_t *f, const struct pkt_info *pi, uint32_t l4_len);
void ipv4_fix_csum(uint8_t *f, const struct pkt_info *pi);
int l4_fill_csum(uint8_t *f, uint32_t len, const struct pkt_info *pi);
/* checksum verification for RX: returns 1 ok, 0 bad, -1 not applicable */
int ipv4_csum_ok(const uint8_t *f, const struct pkt_info *pi);
int l4_csum_ok(const uint8_t *f, uint32_t len, const struct pkt_info *pi);

uint32_t toeplitz(const uint8_t key[40], const uint8_t *in, size_t n);
/* hash of a frame; *type gets the HASH_* bit used (0: no hash) */
uint32_t rss_hash(const uint8_t key[40], const uint8_t *f, const struct pkt_info *pi,
		  uint16_t enabled, uint32_t *type);

/* insert a tag after the MAC addresses; buffer must have 4 spare bytes */
uint32_t vlan_insert(uint8_t *f, uint32_t len, uint16_t tci);
/* remove an 802.1Q tag; returns new length, *tci gets the tag */
uint32_t vlan_strip(uint8_t *f, uint32_t len, uint16_t *tci);

/*
 * Split a TCP super-frame into segments of at most mss payload bytes.
 * emit() is called for every segment (frame built in scratch). Returns the
 * number of segments or a negative value if the frame cannot be segmented.
 */
typedef void (*tso_emit_fn)(void *ctx, const uint8_t *frame, uint32_t len);
int tso_segment(const uint8_t *f, uint32_t len, uint32_t mss, uint8_t *scratch,
		uint32_t scratch_len, tso_emit_fn emit, void *ctx);

#endif
