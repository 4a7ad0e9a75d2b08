// SPDX-License-Identifier: GPL-2.0
/*
 * mana-model - a software MANA virtual function (PCI 1414:00ba) served to
 * QEMU's vfio-user-pci client, so that unmodified kernels and their mana.ko
 * can be run against it.
 *
 * Command line (stable; the e2e tests depend on it):
 *
 *   mana-model --socket PATH [--control PATH] [--vports N] [--mac-base MAC]
 *              [--queues N] [--backend udp:HOST:PORT|unix:PATH] [--no-rnic] [--log FILE] [-v]
 *
 *   --socket PATH    vfio-user socket QEMU connects to (required)
 *   --control PATH   control socket (line commands, see control.c / README.md)
 *   --vports N       vPorts on the function (default 2, max 16)
 *   --mac-base MAC   MAC of vPort 0; vPort i adds i to the last byte
 *                    (default 00:15:5d:4d:00:00)
 *   --queues N       SQs/RQs offered per vPort (default 8, max 16)
 *   --backend SPEC   host side of the switch: udp:HOST:PORT[,peer=HOST:PORT] or
 *                    unix:PATH[,peer=PATH] (one Ethernet frame per datagram)
 *   --hwc-timeout MS HWC request timeout the model reports in QUERY_HWC_TIMEOUT
 *                    (6.1+ drivers use it; default: echo the driver's own value)
 *   --pcap FILE      write every frame entering the switch to FILE (pcap)
 *   --no-dim         do not offer interrupt moderation (PF cap bit 15)
 *   --no-cqe8        do not offer 8-packet RX CQE coalescing (dev cap bit 5)
 *   --no-rnic        LIST_DEVICES reports no RDMA device (type 3): a VM without RDMA
 *   --flr            offer function-level reset (a PCI Express capability, pci.c)
 *   --fuzz-seed N    start the device-side fuzzer (fuzz.c) at once with seed N
 *   --fuzz RATE,CLASSES,EVENTS   its settings (default 10,all,0: 1 % of every
 *                    class's messages, no limit); CLASSES joined with '+'
 *   --log FILE       log to FILE instead of stderr
 *   -v               verbose log (every request, queue and doorbell problem)
 *
 * Threads: the vfio-user thread answers every protocol message at once and
 * only records doorbells/SMC writes; the worker (this file's main loop) does
 * all device work: SMC, HWC requests, rings, data path, control socket,
 * backend and delayed interrupts. Both take M.lock. SIGTERM/SIGINT end the
 * server cleanly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "model.h"

struct mana_model M = { .lock = PTHREAD_MUTEX_INITIALIZER };
int model_verbose;
static FILE *log_file;
static struct timespec t_start;

void *vfu_thread(void *arg);
int control_client_fds(int *fds, int max);

void model_log(const char *fmt, ...)
{
	struct timespec t;
	va_list ap;
	FILE *f = log_file ? log_file : stderr;

	clock_gettime(CLOCK_MONOTONIC, &t);
	fprintf(f, "[%9.3f] ", (double)(t.tv_sec - t_start.tv_sec) +
		(double)(t.tv_nsec - t_start.tv_nsec) / 1e9);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fflush(f);
}

void model_kick(void)
{
	u64 one = 1;

	if (write(M.work_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		LOG("worker eventfd: %s\n", strerror(errno));
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mana-model --socket PATH [--control PATH] [--vports N] [--mac-base MAC]\n"
		"                  [--queues N] [--backend udp:HOST:PORT|unix:PATH] [--hwc-timeout MS]\n"
		"                  [--pcap FILE] [--no-dim] [--no-cqe8] [--no-rnic] [--flr] [--log FILE] [-v]\n"
		"                  [--fuzz-seed N] [--fuzz RATE,CLASSES,EVENTS]\n"
		"control socket commands: stats | fault NAME [ARGS] | fault clear | fuzz ... |\n"
		"                         link VPORT up|down | event TYPE [DATA] | remove | replug | quit | help\n");
}

static int parse_mac(const char *s, u8 *mac)
{
	unsigned int b[6];
	char extra;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &extra) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -1;
		mac[i] = (u8)b[i];
	}
	return (mac[0] & 1) ? -1 : 0;	/* must be unicast */
}

static void worker_once(int sfd, bool *stop)
{
	struct pollfd p[16];
	int n = 0, i, nc, cfds[8];
	u64 v;

	p[n++] = (struct pollfd){ .fd = M.work_fd, .events = POLLIN };
	p[n++] = (struct pollfd){ .fd = M.timer_fd, .events = POLLIN };
	p[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	if (control_listen_fd() >= 0)
		p[n++] = (struct pollfd){ .fd = control_listen_fd(), .events = POLLIN };
	if (switch_backend_fd() >= 0)
		p[n++] = (struct pollfd){ .fd = switch_backend_fd(), .events = POLLIN };
	nc = control_client_fds(cfds, 8);
	for (i = 0; i < nc; i++)
		p[n++] = (struct pollfd){ .fd = cfds[i], .events = POLLIN };
	if (poll(p, (nfds_t)n, 1000) < 0) {
		if (errno != EINTR)
			LOG("poll: %s\n", strerror(errno));
		return;
	}
	if (p[2].revents & POLLIN) {
		struct signalfd_siginfo si;

		if (read(sfd, &si, sizeof(si)) == sizeof(si))
			LOG("signal %u: exiting\n", si.ssi_signo);
		*stop = true;
		return;
	}
	pthread_mutex_lock(&M.lock);
	if (p[0].revents & POLLIN) {
		if (read(M.work_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
			LOG("eventfd read: %s\n", strerror(errno));
	}
	if (M.work_pending) {
		M.work_pending = false;
		smc_process();
		doorbells_process();
	}
	if (p[1].revents & POLLIN) {
		if (read(M.timer_fd, &v, sizeof(v)) == sizeof(v))
			msix_timer_expired();
	}
	for (i = 3; i < n; i++) {
		if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (p[i].fd == control_listen_fd())
			control_accept();
		else if (p[i].fd == switch_backend_fd())
			switch_backend_input();
		else if (control_is_client(p[i].fd))
			control_client_input(p[i].fd);
	}
	/*
	 * Work left (a long TX batch, or doorbells queued by backend/control
	 * input): wake up again at once, after giving the vfio-user thread a
	 * chance to take the lock.
	 */
	rx_flush_all();
	if (M.work_pending)
		model_kick();
	pthread_mutex_unlock(&M.lock);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "control", required_argument, NULL, 'c' },
		{ "vports", required_argument, NULL, 'p' },
		{ "mac-base", required_argument, NULL, 'm' },
		{ "queues", required_argument, NULL, 'q' },
		{ "backend", required_argument, NULL, 'b' },
		{ "log", required_argument, NULL, 'l' },
		{ "hwc-timeout", required_argument, NULL, 't' },
		{ "pcap", required_argument, NULL, 'P' },
		{ "no-dim", no_argument, NULL, 'D' },
		{ "no-cqe8", no_argument, NULL, '8' },
		{ "no-rnic", no_argument, NULL, 'R' },
		{ "flr", no_argument, NULL, 'f' },
		{ "fuzz-seed", required_argument, NULL, 'F' },
		{ "fuzz", required_argument, NULL, 'Z' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock = NULL, *ctl = NULL, *backend = NULL, *pcap = NULL;
	const char *fz_spec = "10,all,0";
	unsigned long long fz_seed = 0;
	bool fz_on = false;
	u8 mac[6] = { 0x00, 0x15, 0x5d, 0x4d, 0x00, 0x00 };
	int c, i, sfd;
	bool stop = false;
	pthread_t thr;
	sigset_t mask;
	char *end;

	clock_gettime(CLOCK_MONOTONIC, &t_start);
	M.nvports = 2;
	M.nqueues = 8;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sock = optarg;
			break;
		case 'c':
			ctl = optarg;
			break;
		case 'p':
			M.nvports = (int)strtol(optarg, &end, 10);
			if (*end || M.nvports < 1 || M.nvports > MODEL_MAX_VPORTS) {
				fprintf(stderr, "--vports must be 1..%d\n", MODEL_MAX_VPORTS);
				return 2;
			}
			break;
		case 'q':
			M.nqueues = (int)strtol(optarg, &end, 10);
			if (*end || M.nqueues < 1 || M.nqueues > MODEL_MAX_QUEUES) {
				fprintf(stderr, "--queues must be 1..%d\n", MODEL_MAX_QUEUES);
				return 2;
			}
			break;
		case 'm':
			if (parse_mac(optarg, mac)) {
				fprintf(stderr, "--mac-base: bad unicast MAC '%s'\n", optarg);
				return 2;
			}
			break;
		case 'b':
			backend = optarg;
			break;
		case 'P':
			pcap = optarg;
			break;
		case 'D':
			M.no_dim = true;
			break;
		case '8':
			M.no_cqe8 = true;
			break;
		case 'R':
			M.no_rnic = true;
			break;
		case 'f':
			M.flr = true;
			break;
		case 'F':
			fz_seed = strtoull(optarg, &end, 0);
			if (*end) {
				fprintf(stderr, "--fuzz-seed: not a number '%s'\n", optarg);
				return 2;
			}
			fz_on = true;
			break;
		case 'Z':
			fz_spec = optarg;
			break;
		case 't':
			M.hwc_timeout_ms = (u32)strtoul(optarg, &end, 10);
			if (*end || !M.hwc_timeout_ms || M.hwc_timeout_ms > 600000) {
				fprintf(stderr, "--hwc-timeout must be 1..600000 ms\n");
				return 2;
			}
			break;
		case 'l':
			log_file = fopen(optarg, "a");
			if (!log_file) {
				fprintf(stderr, "--log %s: %s\n", optarg, strerror(errno));
				return 2;
			}
			break;
		case 'v':
			model_verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!sock || optind != argc) {
		usage(stderr);
		return 2;
	}
	if ((int)mac[5] + M.nvports > 256) {
		fprintf(stderr, "--mac-base: last byte leaves no room for %d vPorts\n", M.nvports);
		return 2;
	}

	for (i = 0; i < MODEL_NUM_VECTORS; i++)
		M.irq_fd[i] = -1;
	M.next_key = 0x1000;
	for (i = 0; i < M.nvports; i++) {
		memcpy(M.vports[i].mac, mac, 6);
		M.vports[i].mac[5] = (u8)(mac[5] + i);
		M.vports[i].link_up = true;
		M.vports[i].default_rxobj = INVALID_HANDLE;
	}
	pci_init();
	if (fz_on) {
		char spec[128], *rate, *cls, *ev;

		snprintf(spec, sizeof(spec), "%s", fz_spec);
		rate = strtok(spec, ",");
		cls = strtok(NULL, ",");
		ev = strtok(NULL, ",");
		for (char *p = cls; p && *p; p++)
			if (*p == '+')
				*p = ',';
		if (!rate || !cls || !ev ||
		    fuzz_start(fz_seed, (u32)strtoul(rate, NULL, 0), cls, strtoull(ev, NULL, 0))) {
			fprintf(stderr, "--fuzz RATE,CLASSES,EVENTS: bad '%s'\n", fz_spec);
			return 2;
		}
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	M.work_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	M.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (sfd < 0 || M.work_fd < 0 || M.timer_fd < 0) {
		LOG("cannot create event descriptors: %s\n", strerror(errno));
		return 1;
	}
	if (pcap && switch_pcap_open(pcap)) {
		LOG("--pcap %s: %s\n", pcap, strerror(errno));
		return 1;
	}
	if (control_init(ctl) || switch_init(backend) || vfu_run(sock)) {
		LOG("startup failed\n");
		return 1;
	}
	LOG("mana-model: %d vPorts, %d queues each, MAC %02x:%02x:%02x:%02x:%02x:%02x + i\n",
	    M.nvports, M.nqueues, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	if (pthread_create(&thr, NULL, vfu_thread, NULL)) {
		LOG("cannot start the vfio-user thread\n");
		return 1;
	}
	while (!stop && !M.quit)
		worker_once(sfd, &stop);

	vfu_stop();
	pthread_join(thr, NULL);
	pthread_mutex_lock(&M.lock);
	dev_reset();
	dma_unmap_all();
	irq_close_all();
	control_close_all();
	switch_pcap_close();
	pthread_mutex_unlock(&M.lock);
	unlink(sock);
	if (ctl)
		unlink(ctl);
	LOG("mana-model: stopped\n");
	if (log_file)
		fclose(log_file);
	return 0;
}
