// SPDX-License-Identifier: GPL-2.0
/*
 * Packet logic of the model: parsing, checksums, Toeplitz, TSO and VLAN.
 * All functions work on plain byte buffers and validate every length they
 * read, because frames come from (possibly buggy) guest drivers.
 */
#include <string.h>

#include "pkt.h"

static uint16_t rd16be(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void wr16be(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void wr32be(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static bool ipv6_ext_hdr(uint8_t nh)
{
	/* hop-by-hop, routing, destination options */
	return nh == 0 || nh == 43 || nh == 60;
}

int pkt_parse(const uint8_t *f, uint32_t len, struct pkt_info *pi)
{
	uint32_t off;

	memset(pi, 0, sizeof(*pi));
	if (len < ETH_HLEN_)
		return -1;
	pi->ethertype = rd16be(f + 12);
	off = ETH_HLEN_;
	if (pi->ethertype == ETH_P_8021Q_) {
		if (len < ETH_HLEN_ + 4)
			return -1;
		pi->vlan = true;
		pi->vlan_tci = rd16be(f + 14);
		pi->ethertype = rd16be(f + 16);
		off += 4;
	}
	pi->l2_len = off;
	pi->l3_off = off;
	if (pi->ethertype == ETH_P_IPV4_) {
		uint32_t ihl, tot;

		if (len < off + 20 || (f[off] >> 4) != 4)
			return 0;
		ihl = (uint32_t)(f[off] & 0xf) * 4;
		tot = rd16be(f + off + 2);
		if (ihl < 20 || len < off + ihl)
			return 0;
		pi->ipv4 = true;
		pi->l3_len = ihl;
		pi->l4_proto = f[off + 9];
		pi->fragment = (rd16be(f + off + 6) & 0x3fff) != 0;
		pi->ip_payload_end = off + tot;
		if (tot == 0 || pi->ip_payload_end > len)
			pi->ip_payload_end = len;	/* TSO templates carry 0 */
		off += ihl;
	} else if (pi->ethertype == ETH_P_IPV6_) {
		uint8_t nh;
		uint32_t plen;

		if (len < off + 40 || (f[off] >> 4) != 6)
			return 0;
		pi->ipv6 = true;
		plen = rd16be(f + off + 4);
		nh = f[off + 6];
		pi->ip_payload_end = off + 40 + plen;
		if (plen == 0 || pi->ip_payload_end > len)
			pi->ip_payload_end = len;
		off += 40;
		while (ipv6_ext_hdr(nh)) {
			uint32_t elen;

			if (len < off + 8)
				return 0;
			elen = ((uint32_t)f[off + 1] + 1) * 8;
			nh = f[off];
			off += elen;
			if (off > len)
				return 0;
		}
		if (nh == 44) {		/* fragment header: no L4 parsing */
			pi->fragment = true;
			pi->l4_proto = nh;
			pi->l3_len = off - pi->l3_off;
			return 0;
		}
		pi->l4_proto = nh;
		pi->l3_len = off - pi->l3_off;
	} else {
		return 0;
	}
	pi->l4_off = off;
	if (pi->fragment)
		return 0;
	if (pi->l4_proto == IPPROTO_TCP_) {
		uint32_t doff;

		if (len < off + 20)
			return 0;
		doff = (uint32_t)(f[off + 12] >> 4) * 4;
		if (doff < 20 || len < off + doff)
			return 0;
		pi->l4_hlen = doff;
		pi->l4_complete = true;
	} else if (pi->l4_proto == IPPROTO_UDP_) {
		if (len < off + 8)
			return 0;
		pi->l4_hlen = 8;
		pi->l4_complete = true;
	}
	return 0;
}

uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t s = sum;

	while (len >= 2) {
		s += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		s += (uint32_t)p[0] << 8;
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (uint32_t)s;
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t csum_pseudo(const uint8_t *f, const struct pkt_info *pi, uint32_t l4_len)
{
	uint8_t w[4];
	uint32_t s;

	if (pi->ipv4) {
		s = csum_add(0, f + pi->l3_off + 12, 8);	/* saddr, daddr */
		w[0] = 0;
		w[1] = pi->l4_proto;
		wr16be(w + 2, (uint16_t)l4_len);
		return csum_add(s, w, 4);
	}
	s = csum_add(0, f + pi->l3_off + 8, 32);		/* saddr, daddr */
	wr32be(w, l4_len);
	s = csum_add(s, w, 4);
	w[0] = 0;
	w[1] = 0;
	w[2] = 0;
	w[3] = pi->l4_proto;
	return csum_add(s, w, 4);
}

void ipv4_fix_csum(uint8_t *f, const struct pkt_info *pi)
{
	uint8_t *ip = f + pi->l3_off;

	if (!pi->ipv4)
		return;
	ip[10] = 0;
	ip[11] = 0;
	wr16be(ip + 10, csum_fold(csum_add(0, ip, pi->l3_len)));
}

int l4_fill_csum(uint8_t *f, uint32_t len, const struct pkt_info *pi)
{
	uint32_t l4_len, sum;
	uint8_t *csum;
	uint16_t v;

	if (!pi->l4_complete || pi->ip_payload_end > len || pi->ip_payload_end < pi->l4_off)
		return -1;
	l4_len = pi->ip_payload_end - pi->l4_off;
	csum = f + pi->l4_off + (pi->l4_proto == IPPROTO_TCP_ ? 16 : 6);
	csum[0] = 0;
	csum[1] = 0;
	sum = csum_pseudo(f, pi, l4_len);
	sum = csum_add(sum, f + pi->l4_off, l4_len);
	v = csum_fold(sum);
	if (pi->l4_proto == IPPROTO_UDP_ && v == 0)
		v = 0xffff;
	wr16be(csum, v);
	return 0;
}

int ipv4_csum_ok(const uint8_t *f, const struct pkt_info *pi)
{
	if (!pi->ipv4)
		return -1;
	return csum_fold(csum_add(0, f + pi->l3_off, pi->l3_len)) == 0;
}

int l4_csum_ok(const uint8_t *f, uint32_t len, const struct pkt_info *pi)
{
	uint32_t l4_len, sum;

	if (!pi->l4_complete || pi->ip_payload_end > len)
		return -1;
	l4_len = pi->ip_payload_end - pi->l4_off;
	if (pi->l4_proto == IPPROTO_UDP_ && pi->ipv4 &&
	    rd16be(f + pi->l4_off + 6) == 0)
		return 1;	/* IPv4 UDP without checksum */
	sum = csum_pseudo(f, pi, l4_len);
	sum = csum_add(sum, f + pi->l4_off, l4_len);
	return csum_fold(sum) == 0;
}

uint32_t toeplitz(const uint8_t key[40], const uint8_t *in, size_t n)
{
	uint32_t result = 0, window;
	size_t i;
	int b;

	if (n > 36)
		n = 36;		/* key covers 40 bytes: 36 input bytes max */
	window = rd32be(key);
	for (i = 0; i < n; i++) {
		for (b = 7; b >= 0; b--) {
			if (in[i] & (1u << b))
				result ^= window;
			window <<= 1;
			if (key[i + 4] & (1u << b))
				window |= 1;
		}
	}
	return result;
}

uint32_t rss_hash(const uint8_t key[40], const uint8_t *f, const struct pkt_info *pi,
		  uint16_t enabled, uint32_t *type)
{
	uint8_t in[36];
	size_t n;
	bool l4 = pi->l4_complete && !pi->fragment &&
		  (pi->l4_proto == IPPROTO_TCP_ || pi->l4_proto == IPPROTO_UDP_);
	uint32_t l4type;

	*type = 0;
	if (pi->ipv4) {
		memcpy(in, f + pi->l3_off + 12, 8);
		n = 8;
		l4type = pi->l4_proto == IPPROTO_TCP_ ? HASH_TCP_IPV4 : HASH_UDP_IPV4;
		if (l4 && (enabled & l4type)) {
			memcpy(in + n, f + pi->l4_off, 4);
			n += 4;
			*type = l4type;
		} else if (enabled & HASH_IPV4) {
			*type = HASH_IPV4;
		} else {
			return 0;
		}
	} else if (pi->ipv6) {
		memcpy(in, f + pi->l3_off + 8, 32);
		n = 32;
		l4type = pi->l4_proto == IPPROTO_TCP_ ? HASH_TCP_IPV6 : HASH_UDP_IPV6;
		if (l4 && (enabled & l4type)) {
			memcpy(in + n, f + pi->l4_off, 4);
			n += 4;
			*type = l4type;
		} else if (enabled & HASH_IPV6) {
			*type = HASH_IPV6;
		} else {
			return 0;
		}
	} else {
		return 0;
	}
	return toeplitz(key, in, n);
}

uint32_t vlan_insert(uint8_t *f, uint32_t len, uint16_t tci)
{
	if (len < 12)
		return len;
	memmove(f + 16, f + 12, len - 12);
	wr16be(f + 12, ETH_P_8021Q_);
	wr16be(f + 14, tci);
	return len + 4;
}

uint32_t vlan_strip(uint8_t *f, uint32_t len, uint16_t *tci)
{
	if (len < ETH_HLEN_ + 4 || rd16be(f + 12) != ETH_P_8021Q_)
		return len;
	*tci = rd16be(f + 14);
	memmove(f + 12, f + 16, len - 16);
	return len - 4;
}

int tso_segment(const uint8_t *f, uint32_t len, uint32_t mss, uint8_t *scratch,
		uint32_t scratch_len, tso_emit_fn emit, void *ctx)
{
	struct pkt_info pi;
	uint32_t hlen, payload, off, seq, nseg = 0;
	uint16_t ipid = 0;
	uint8_t flags;

	if (pkt_parse(f, len, &pi) || !pi.l4_complete || pi.l4_proto != IPPROTO_TCP_ ||
	    pi.fragment || mss == 0)
		return -1;
	hlen = pi.l4_off + pi.l4_hlen;
	if (hlen > len || hlen + mss > scratch_len)
		return -1;
	payload = len - hlen;
	seq = rd32be(f + pi.l4_off + 4);
	flags = f[pi.l4_off + 13];
	if (pi.ipv4)
		ipid = rd16be(f + pi.l3_off + 4);
	off = 0;
	do {
		uint32_t chunk = payload - off > mss ? mss : payload - off;
		bool first = off == 0, last = off + chunk >= payload;
		struct pkt_info si;
		uint8_t *ip, *tcp;

		memcpy(scratch, f, hlen);
		memcpy(scratch + hlen, f + hlen + off, chunk);
		ip = scratch + pi.l3_off;
		tcp = scratch + pi.l4_off;
		if (pi.ipv4) {
			wr16be(ip + 2, (uint16_t)(pi.l3_len + pi.l4_hlen + chunk));
			wr16be(ip + 4, (uint16_t)(ipid + nseg));
		} else {
			wr16be(ip + 4, (uint16_t)(hlen - pi.l3_off - 40 + chunk));
		}
		wr32be(tcp + 4, seq + off);
		/* FIN and PSH only on the last segment, CWR only on the first */
		tcp[13] = flags & (uint8_t)~(last ? 0 : 0x09) & (uint8_t)~(first ? 0 : 0x80);
		pkt_parse(scratch, hlen + chunk, &si);
		ipv4_fix_csum(scratch, &si);
		l4_fill_csum(scratch, hlen + chunk, &si);
		emit(ctx, scratch, hlen + chunk);
		nseg++;
		off += chunk;
	} while (off < payload);
	return (int)nseg;
}
