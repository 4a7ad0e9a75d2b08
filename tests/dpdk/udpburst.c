// SPDX-License-Identifier: GPL-2.0
/*
 * udpburst: send COUNT UDP datagrams of SIZE bytes, round robin over NDST
 * destination addresses BASE, BASE+1, ... (port 9), as fast as the socket
 * takes them. Used from a network namespace to feed testpmd several flows.
 * Prints the number of datagrams sent.
 *
 *   udpburst BASE NDST COUNT SIZE
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(9) };
	static char buf[1500];
	unsigned long count, i, sent = 0, tries;
	unsigned int ndst, size;
	struct in_addr base;
	int s;

	if (argc != 5 || !inet_aton(argv[1], &base)) {
		fprintf(stderr, "usage: udpburst BASE NDST COUNT SIZE\n");
		return 2;
	}
	ndst = (unsigned int)strtoul(argv[2], NULL, 0);
	count = strtoul(argv[3], NULL, 0);
	size = (unsigned int)strtoul(argv[4], NULL, 0);
	if (!ndst || size > sizeof(buf))
		return 2;
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	memset(buf, 0x5a, sizeof(buf));
	for (i = 0; i < count; i++) {
		dst.sin_addr.s_addr = htonl(ntohl(base.s_addr) + (uint32_t)(i % ndst));
		for (tries = 0; tries < 1000; tries++) {
			if (sendto(s, buf, size, 0, (struct sockaddr *)&dst, sizeof(dst)) >= 0) {
				sent++;
				break;
			}
			if (errno != ENOBUFS && errno != EAGAIN) {
				perror("sendto");
				return 1;
			}
			usleep(1000);
		}
	}
	printf("%lu\n", sent);
	return sent == count ? 0 : 1;
}
