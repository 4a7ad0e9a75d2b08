// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: run one network configuration call with the kernel's per-task systematic fault
 * injection armed (Documentation/fault-injection/fault-injection.rst, "fail-nth"): the Nth
 * fault-injectable call (a slab or page allocation that failslab / fail_page_alloc do not
 * filter out) made by this thread during that one system call fails. Guest-side helper of
 * the exhaustive allocation-failure scenarios in tests/e2e/guest/faults.sh (static binary).
 *
 *   failnth N rings DEV A B        SIOCETHTOOL ETHTOOL_SRINGPARAM: RX and TX ring sizes
 *                                  to B if the current RX size is A, else to A
 *   failnth N channels DEV A B     SIOCETHTOOL ETHTOOL_SCHANNELS: combined channels to
 *                                  B if there are A now, else to A
 *   failnth N up DEV               SIOCSIFFLAGS with IFF_UP added (an administrator's
 *                                  "ip link set DEV up", without netlink)
 *
 * Everything the call needs (socket, current settings) is prepared
 * before N is written to /proc/thread-self/fail-nth; the file is read back right after the
 * call and the counter cleared before anything else. One line on stdout:
 *
 *   n=N rc=0|-ERRNO fired=0|1 calls=C from=X to=Y now=Z
 *
 * fired=1: the Nth call happened and failed (fail-nth reads back 0); fired=0: the system
 * call made only C (< N) injectable calls, so N past C covers nothing new. from/to/now
 * (rings, channels) are the setting before, the one asked for and the one read back
 * afterwards. Exit status 0 when the line was printed, 2 on a usage or setup error.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int nth_fd = -1;

static void die(const char *what)
{
	fprintf(stderr, "failnth: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* arm: the n-th injectable call of this thread from now on fails */
static void nth_arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (write(nth_fd, buf, len) != len)
		die("write fail-nth");
}

/* what is left of the counter (0: it fired), then disarm */
static unsigned int nth_disarm(void)
{
	char buf[16] = "";
	ssize_t r = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	unsigned int left;

	if (r <= 0)
		die("read fail-nth");
	left = strtoul(buf, NULL, 10);
	nth_arm(0);
	return left;
}

static int eth_call(int sock, const char *dev, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = cmd;
	return ioctl(sock, SIOCETHTOOL, &ifr) ? -errno : 0;
}

static int flags_call(int sock, const char *dev, unsigned long req, short *flags)
{
	struct ifreq ifr;
	int rc;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_flags = *flags;
	rc = ioctl(sock, req, &ifr) ? -errno : 0;
	*flags = ifr.ifr_flags;
	return rc;
}

static void report(unsigned int n, int rc, unsigned int left, long from, long to, long now)
{
	printf("n=%u rc=%d fired=%d calls=%u", n, rc, !left, left ? n - left : n);
	if (from >= 0)
		printf(" from=%ld to=%ld now=%ld", from, to, now);
	printf("\n");
}

static long rings_rx(int sock, const char *dev, struct ethtool_ringparam *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->cmd = ETHTOOL_GRINGPARAM;
	if (eth_call(sock, dev, rp))
		return -1;
	return rp->rx_pending;
}

static long chan_combined(int sock, const char *dev, struct ethtool_channels *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->cmd = ETHTOOL_GCHANNELS;
	if (eth_call(sock, dev, ch))
		return -1;
	return ch->combined_count;
}

int main(int argc, char **argv)
{
	unsigned int n, left;
	int sock, rc;

	if (argc < 4)
		goto usage;
	n = strtoul(argv[1], NULL, 0);
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0)
		die("open /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION?)");

	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0)
		die("socket");

	if (!strcmp(argv[2], "rings") && argc == 6) {
		struct ethtool_ringparam rp;
		long a = atol(argv[4]), b = atol(argv[5]);
		long from = rings_rx(sock, argv[3], &rp), to = from == a ? b : a;

		if (from < 0)
			die("ETHTOOL_GRINGPARAM");
		rp.cmd = ETHTOOL_SRINGPARAM;
		rp.rx_pending = to;
		rp.tx_pending = to;
		nth_arm(n);
		rc = eth_call(sock, argv[3], &rp);
		left = nth_disarm();
		report(n, rc, left, from, to, rings_rx(sock, argv[3], &rp));
		return 0;
	}
	if (!strcmp(argv[2], "channels") && argc == 6) {
		struct ethtool_channels ch;
		long a = atol(argv[4]), b = atol(argv[5]);
		long from = chan_combined(sock, argv[3], &ch), to = from == a ? b : a;

		if (from < 0)
			die("ETHTOOL_GCHANNELS");
		ch.cmd = ETHTOOL_SCHANNELS;
		ch.combined_count = to;
		nth_arm(n);
		rc = eth_call(sock, argv[3], &ch);
		left = nth_disarm();
		report(n, rc, left, from, to, chan_combined(sock, argv[3], &ch));
		return 0;
	}
	if (!strcmp(argv[2], "up") && argc == 4) {
		short flags = 0;

		if (flags_call(sock, argv[3], SIOCGIFFLAGS, &flags))
			die("SIOCGIFFLAGS");
		flags |= IFF_UP;
		nth_arm(n);
		rc = flags_call(sock, argv[3], SIOCSIFFLAGS, &flags);
		left = nth_disarm();
		report(n, rc, left, -1, -1, -1);
		return 0;
	}
usage:
	fprintf(stderr, "usage: failnth N rings DEV A B | channels DEV A B | up DEV\n");
	return 2;
}
