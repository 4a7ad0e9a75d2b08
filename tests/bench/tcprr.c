// SPDX-License-Identifier: GPL-2.0
/*
 * tcprr: TCP request/response, one transaction in flight at a time. Guest-side load of
 * the tcp_rr phase of tests/e2e/guest/bench.sh (static binary).
 *
 *   tcprr -s PORT                  serve: echo every SIZE-byte request back, forever
 *   tcprr DST PORT COUNT SIZE      COUNT transactions of SIZE bytes each way
 *
 * With one request on the wire at a time (TCP_NODELAY), every transaction costs the same
 * frames (request, response, the ACKs riding on them) and the same interrupts whatever
 * the host's speed: nothing queues up to be batched by one interrupt or one NAPI poll,
 * unlike a stream, so its guest instructions per transaction do not depend on host load.
 * The client prints "done=N"; exit status 1 on a socket error.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_SIZE 65536

/* read exactly len bytes; 0 on success */
static int read_full(int fd, char *buf, size_t len)
{
	while (len) {
		ssize_t r = read(fd, buf, len);

		if (r <= 0)
			return -1;
		buf += r;
		len -= (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static void nodelay(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* echo server: the first 4 bytes of a connection give the request size */
static int serve(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	static char buf[MAX_SIZE];
	int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);

	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4)) {
		perror("tcprr: listen");
		return 1;
	}
	for (;;) {
		int c = accept(l, NULL, NULL);
		unsigned int size;

		if (c < 0)
			continue;
		nodelay(c);
		if (!read_full(c, (char *)&size, sizeof(size)) && size && size <= MAX_SIZE)
			while (!read_full(c, buf, size) && !write_full(c, buf, size))
				;
		close(c);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	static char buf[MAX_SIZE];
	unsigned int size;
	long count, i;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "-s"))
		return serve(atoi(argv[2]));
	if (argc != 5 || inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
		fprintf(stderr, "usage: tcprr -s PORT | tcprr DST PORT COUNT SIZE\n");
		return 1;
	}
	a.sin_port = htons((unsigned short)atoi(argv[2]));
	count = atol(argv[3]);
	size = (unsigned int)atoi(argv[4]);
	if (count < 0 || !size || size > MAX_SIZE) {
		fprintf(stderr, "tcprr: COUNT >= 0, SIZE 1..%d\n", MAX_SIZE);
		return 1;
	}
	memset(buf, 0x5a, size);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("tcprr: connect");
		return 1;
	}
	nodelay(fd);
	if (write_full(fd, (char *)&size, sizeof(size)))
		return 1;
	for (i = 0; i < count; i++)
		if (write_full(fd, buf, size) || read_full(fd, buf, size))
			break;
	printf("done=%ld\n", i);
	close(fd);
	return i == count ? 0 : 1;
}
