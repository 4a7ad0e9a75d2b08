// SPDX-License-Identifier: GPL-2.0
/*
 * udpgen: send COUNT UDP datagrams of SIZE payload bytes to DST:PORT, round-robin over
 * FLOWS sockets with distinct source ports (so RSS spreads them), as fast as the
 * sockets take them. Guest-side load generator of tests/e2e/bench.sh (static binary).
 *
 *   udpgen DST PORT COUNT SIZE FLOWS
 *
 * Each socket's send buffer is kept small (SNDBUF_TOTAL shared by the flows) so that the
 * sender blocks on its own buffer long before the qdisc (1000 packets) overflows: no
 * datagram is dropped in the guest, and every one sent costs the same path.
 * Prints "sent=N errors=E" on stdout; exit status 1 on bad arguments or no socket.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FLOWS 64
#define SNDBUF_TOTAL (128 * 1024)

int main(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	static char payload[65507];
	int fds[MAX_FLOWS];
	long count, sent = 0, errors = 0, i;
	int size, flows, f;

	if (argc != 6 || inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
		fprintf(stderr, "usage: udpgen DST PORT COUNT SIZE FLOWS\n");
		return 1;
	}
	dst.sin_port = htons((unsigned short)atoi(argv[2]));
	count = atol(argv[3]);
	size = atoi(argv[4]);
	flows = atoi(argv[5]);
	if (count < 0 || size < 0 || size > (int)sizeof(payload) || flows < 1 ||
	    flows > MAX_FLOWS) {
		fprintf(stderr, "udpgen: COUNT >= 0, SIZE 0..%zu, FLOWS 1..%d\n", sizeof(payload),
			MAX_FLOWS);
		return 1;
	}
	memset(payload, 0x5a, sizeof(payload));
	for (f = 0; f < flows; f++) {
		struct sockaddr_in src = { .sin_family = AF_INET,
					   .sin_port = htons((unsigned short)(40000 + f)) };

		int sndbuf = SNDBUF_TOTAL / flows;

		fds[f] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fds[f] < 0 ||
		    setsockopt(fds[f], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) ||
		    bind(fds[f], (struct sockaddr *)&src, sizeof(src))) {
			perror("udpgen: socket");
			return 1;
		}
	}
	for (i = 0; i < count; i++) {
		if (sendto(fds[i % flows], payload, size, 0, (struct sockaddr *)&dst,
			   sizeof(dst)) == size)
			sent++;
		else
			errors++;
	}
	printf("sent=%ld errors=%ld\n", sent, errors);
	return 0;
}
