// SPDX-License-Identifier: GPL-2.0
/*
 * The model switch joining the vPorts of the function, plus an optional
 * host backend (a UDP or UNIX datagram socket, one Ethernet frame per
 * datagram) so that two models, or a host tool, can exchange frames.
 *
 * Forwarding: a unicast frame goes to the vPort owning the destination MAC,
 * else to the backend; broadcast and multicast frames go to every other
 * vPort and to the backend. A frame is never sent back where it came from.
 *
 * Backend syntax (see README.md):
 *   udp:HOST:PORT[,peer=HOST:PORT]   bind HOST:PORT
 *   unix:PATH[,peer=PATH]            bind PATH (SOCK_DGRAM)
 * Without peer= the model answers the address it last received from.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "model.h"

static int be_fd = -1;
static FILE *pcap;
static struct sockaddr_storage be_peer;
static socklen_t be_peer_len;
static u8 be_buf[MODEL_MAX_FRAME + 64];

/* --pcap FILE: every frame entering the switch, classic pcap, Ethernet */
int switch_pcap_open(const char *path)
{
	u8 hdr[24];

	pcap = fopen(path, "wb");
	if (!pcap)
		return -1;
	put32(hdr, 0xa1b2c3d4);		/* magic, microsecond timestamps */
	put16(hdr + 4, 2);
	put16(hdr + 6, 4);
	put32(hdr + 8, 0);
	put32(hdr + 12, 0);
	put32(hdr + 16, 65535);		/* snap length */
	put32(hdr + 20, 1);		/* LINKTYPE_ETHERNET */
	fwrite(hdr, 1, sizeof(hdr), pcap);
	return 0;
}

void switch_pcap_close(void)
{
	if (pcap)
		fclose(pcap);
	pcap = NULL;
}

static void pcap_frame(const u8 *frame, u32 len)
{
	struct timespec ts;
	u8 rec[16];
	u32 cap = MIN(len, 65535u);

	clock_gettime(CLOCK_REALTIME, &ts);
	put32(rec, (u32)ts.tv_sec);
	put32(rec + 4, (u32)(ts.tv_nsec / 1000));
	put32(rec + 8, cap);
	put32(rec + 12, len);
	fwrite(rec, 1, sizeof(rec), pcap);
	fwrite(frame, 1, cap, pcap);
}

int switch_backend_fd(void)
{
	return be_fd;
}

static int resolve_udp(const char *spec, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[256];
	const char *colon = strrchr(spec, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *res;
	size_t hl;

	if (!colon || colon == spec)
		return -1;
	hl = (size_t)(colon - spec);
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, spec, hl);
	host[hl] = 0;
	if (getaddrinfo(host, colon + 1, &hints, &res))
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int resolve_unix(const char *path, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_un *un = (struct sockaddr_un *)ss;

	if (strlen(path) >= sizeof(un->sun_path))
		return -1;
	memset(un, 0, sizeof(*un));
	un->sun_family = AF_UNIX;
	strcpy(un->sun_path, path);
	*len = sizeof(*un);
	return 0;
}

int switch_init(const char *backend)
{
	struct sockaddr_storage local;
	socklen_t llen;
	char spec[512], *peer;
	bool udp;

	if (!backend)
		return 0;
	if (strlen(backend) >= sizeof(spec))
		return -1;
	strcpy(spec, backend);
	peer = strstr(spec, ",peer=");
	if (peer) {
		*peer = 0;
		peer += 6;
	}
	if (!strncmp(spec, "udp:", 4)) {
		udp = true;
		if (resolve_udp(spec + 4, &local, &llen) ||
		    (peer && resolve_udp(peer, &be_peer, &be_peer_len)))
			return -1;
	} else if (!strncmp(spec, "unix:", 5)) {
		udp = false;
		if (resolve_unix(spec + 5, &local, &llen) ||
		    (peer && resolve_unix(peer, &be_peer, &be_peer_len)))
			return -1;
		unlink(spec + 5);
	} else {
		return -1;
	}
	be_fd = socket(local.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (be_fd < 0 || bind(be_fd, (struct sockaddr *)&local, llen)) {
		LOG("backend: cannot bind %s: %s\n", spec, strerror(errno));
		return -1;
	}
	LOG("backend: %s socket %s%s%s\n", udp ? "UDP" : "UNIX", spec, peer ? " peer " : "",
	    peer ? peer : "");
	return 0;
}

static void backend_send(const u8 *frame, u32 len)
{
	if (be_fd < 0)
		return;
	if (!be_peer_len) {
		M.st.switch_drops++;
		return;
	}
	if (sendto(be_fd, frame, len, MSG_DONTWAIT, (struct sockaddr *)&be_peer,
		   be_peer_len) < 0) {
		M.st.switch_drops++;
		return;
	}
	M.st.backend_tx++;
}

/* worker: frames arriving from the host side */
void switch_backend_input(void)
{
	for (;;) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(be_fd, be_buf, sizeof(be_buf), MSG_DONTWAIT,
				     (struct sockaddr *)&from, &flen);

		if (n < 0)
			return;
		if (n < 14 || n > MODEL_MAX_FRAME) {
			M.st.switch_drops++;
			continue;
		}
		if (flen && from.ss_family == AF_UNIX && flen <= sizeof(sa_family_t))
			flen = 0;	/* unbound UNIX sender: cannot answer */
		if (flen) {
			memcpy(&be_peer, &from, flen);
			be_peer_len = flen;
		}
		M.st.backend_rx++;
		switch_forward(-1, be_buf, (u32)n);
	}
}

void switch_forward(int from, const u8 *frame, u32 len)
{
	int i;

	if (len < 14) {
		M.st.switch_drops++;
		return;
	}
	M.st.switch_frames++;
	if (pcap)
		pcap_frame(frame, len);
	if (frame[0] & 1) {
		for (i = 0; i < M.nvports; i++)
			if (i != from)
				rx_deliver(i, frame, len);
		if (from >= 0)
			backend_send(frame, len);
		return;
	}
	for (i = 0; i < M.nvports; i++) {
		if (!memcmp(frame, M.vports[i].mac, 6)) {
			if (i == from)
				break;	/* hairpin: not forwarded */
			rx_deliver(i, frame, len);
			return;
		}
	}
	if (from >= 0 && be_fd >= 0)
		backend_send(frame, len);
	else
		M.st.switch_drops++;
}
