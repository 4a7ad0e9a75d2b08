// SPDX-License-Identifier: GPL-2.0
/*
 * Control socket: a UNIX stream socket with line-oriented text commands and
 * exactly one reply line per command.
 *
 *   stats                  one-line JSON object with every counter
 *   fault NAME [ARGS]      see faults.c; "fault clear" resets all switches
 *   link VPORT up|down     change a vPort's link; posts the link event EQE
 *   fuzz SEED RATE CLASSES EVENTS | fuzz off   device-side fuzzer (fuzz.c)
 *   event TYPE [DATA]      post an EQE of TYPE (e.g. 135 reset request) on the HWC EQ
 *   clamp VPORT            "ok on|off MBPS REQUESTS": last SET_BW_CLAMP of the vPort
 *   rxbuf VPORT            "ok RQS MIN MAX": RQs of the vPort that received packets and
 *                          the fewest/most distinct in-page buffer offsets among them
 *                          (2 = two buffers per page, 1 = one buffer per page)
 *   objects                one line: live device objects and SMC handshakes (leak checks)
 *   rnic                   one line: the RDMA device's adapters, MACs, GIDs, CQs, QPs
 *   remove [disconnect]    surprise removal: the function stops answering;
 *                          with disconnect the vfio-user connection is closed too
 *   replug                 after "remove": a fresh function appears in its place
 *                          (device state reset, as after a hot-plug)
 *   quit                   reply, then the server exits
 *   help                   list of commands
 *
 * Replies other than stats are "ok[ ...]" or "error: ...".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "model.h"

#define MAX_CLIENTS	8
#define LINE_MAX_	1024

struct client {
	int fd;
	size_t used;
	char buf[LINE_MAX_];
};

static int ctl_fd = -1;
static struct client clients[MAX_CLIENTS];

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (b->p && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			b->len = b->cap = 0;
			return;
		}
	}
}

static void json_queue(struct sbuf *b, const struct queue *q, bool *first)
{
	const char *t = q->type == Q_SQ ? "sq" : q->type == Q_RQ ? "rq" : q->type == Q_CQ ?
			"cq" : "eq";

	sb_printf(b, "%s{\"type\":\"%s\",\"id\":%u,\"vport\":%d,\"size\":%u,"
		  "\"doorbells\":%llu", *first ? "" : ",", t, q->id, q->vport, q->size,
		  (unsigned long long)q->doorbells);
	if (q->type == Q_SQ || q->type == Q_RQ)
		sb_printf(b, ",\"packets\":%llu,\"bytes\":%llu,\"drops\":%llu,\"backlog\":%u",
			  (unsigned long long)q->packets, (unsigned long long)q->bytes,
			  (unsigned long long)q->drops, q->backlog_len);
	if (q->type == Q_RQ)
		sb_printf(b, ",\"buf_offsets\":%u", q->buf_off_n);
	else
		sb_printf(b, ",\"entries\":%llu", (unsigned long long)q->produced);
	if (q->type == Q_CQ)
		sb_printf(b, ",\"dim_doorbells\":%llu,\"modr_usec\":%u,\"modr_comps\":%u",
			  (unsigned long long)q->dim_doorbells, q->modr_usec, q->modr_comps);
	sb_printf(b, "}");
	*first = false;
}

void stats_json(char **out, size_t *len)
{
	struct sbuf b = { 0 };
	struct stats *s = &M.st;
	bool first = true;
	int i, j;

	sb_printf(&b, "{\"hwc_up\":%s,\"removed\":%s,", M.hwc_up ? "true" : "false",
		  M.fault.removed ? "true" : "false");
	{
		char fz[2048];

		fuzz_json(fz, sizeof(fz));
		sb_printf(&b, "\"fuzz\":%s,", fz);
	}
	sb_printf(&b, "\"doorbells\":{\"sq\":%llu,\"rq\":%llu,\"cq\":%llu,\"eq\":%llu,"
		  "\"dim\":%llu,\"bad\":%llu,\"total\":%llu},\"cq_moderation\":%llu,",
		  (unsigned long long)s->db_sq, (unsigned long long)s->db_rq,
		  (unsigned long long)s->db_cq, (unsigned long long)s->db_eq,
		  (unsigned long long)s->db_dim, (unsigned long long)s->db_bad,
		  (unsigned long long)(s->db_sq + s->db_rq + s->db_cq + s->db_eq),
		  (unsigned long long)s->cq_moderation);
	sb_printf(&b, "\"interrupts\":{\"total\":%llu,\"lost\":%llu,\"delayed\":%llu,"
		  "\"no_eventfd\":%llu,\"per_vector\":[",
		  (unsigned long long)s->irqs, (unsigned long long)s->irqs_lost,
		  (unsigned long long)s->irqs_delayed, (unsigned long long)s->irq_no_fd);
	for (i = 0; i < MODEL_NUM_VECTORS; i++)
		sb_printf(&b, "%s%llu", i ? "," : "", (unsigned long long)s->irq_per_vec[i]);
	sb_printf(&b, "]},\"eqes\":%llu,\"cqes\":%llu,", (unsigned long long)s->eqes,
		  (unsigned long long)s->cqes);
	sb_printf(&b, "\"hwc\":{\"requests\":%llu,\"errors\":%llu,\"dropped\":%llu,"
		  "\"no_rq_buffer\":%llu},\"requests\":{",
		  (unsigned long long)s->hwc_requests, (unsigned long long)s->hwc_errors,
		  (unsigned long long)s->hwc_dropped, (unsigned long long)s->hwc_no_rq);
	for (i = 0; i < MAX_OPCODE_STATS && s->op_count[i]; i++)
		sb_printf(&b, "%s\"%#x\":{\"count\":%llu,\"errors\":%llu}", i ? "," : "",
			  s->op_code[i], (unsigned long long)s->op_count[i],
			  (unsigned long long)s->op_errors[i]);
	sb_printf(&b, "},\"errors\":{\"dma\":%llu,\"wqe\":%llu,\"cq_overflow\":%llu,"
		  "\"eq_overflow\":%llu,\"hwc\":%llu},",
		  (unsigned long long)s->dma_errors, (unsigned long long)s->wqe_errors,
		  (unsigned long long)s->cq_overflow, (unsigned long long)s->eq_overflow,
		  (unsigned long long)s->hwc_errors);
	sb_printf(&b, "\"switch\":{\"frames\":%llu,\"drops\":%llu,\"backend_tx\":%llu,"
		  "\"backend_rx\":%llu},\"faults_injected\":%llu,\"smc_messages\":%llu,"
		  "\"vfu_messages\":%llu,\"bar_reads\":%llu,\"bar_writes\":%llu,\"flrs\":%llu,\"vports\":[",
		  (unsigned long long)s->switch_frames, (unsigned long long)s->switch_drops,
		  (unsigned long long)s->backend_tx, (unsigned long long)s->backend_rx,
		  (unsigned long long)s->faults_injected, (unsigned long long)s->smc_messages,
		  (unsigned long long)s->vfu_msgs, (unsigned long long)s->bar_reads,
		  (unsigned long long)s->bar_writes, (unsigned long long)s->flrs);
	for (i = 0; i < M.nvports; i++) {
		struct vport *v = &M.vports[i];
		const u8 *m = v->mac;

		sb_printf(&b, "%s{\"index\":%d,\"mac\":\"%02x:%02x:%02x:%02x:%02x:%02x\","
			  "\"link\":\"%s\",\"rx_enabled\":%s,\"rss\":%s,\"tx_packets\":%llu,"
			  "\"tx_bytes\":%llu,\"rx_packets\":%llu,\"rx_bytes\":%llu,"
			  "\"tx_drops\":%llu,\"rx_drops\":%llu,\"rx_no_wqe\":%llu,"
			  "\"tso_segments\":%llu,\"tx_csum\":%llu,\"tx_vlan_inserted\":%llu,"
			  "\"rx_vlan_stripped\":%llu,\"rx_coalesced_cqes\":%llu,"
			  "\"rx_cqe_packets\":%u}",
			  i ? "," : "", i, m[0], m[1], m[2], m[3], m[4], m[5],
			  v->link_up ? "up" : "down", v->rx_enable ? "true" : "false",
			  v->rss_enable ? "true" : "false",
			  (unsigned long long)v->tx_packets, (unsigned long long)v->tx_bytes,
			  (unsigned long long)v->rx_packets, (unsigned long long)v->rx_bytes,
			  (unsigned long long)v->tx_drops, (unsigned long long)v->rx_drops,
			  (unsigned long long)v->rx_no_wqe, (unsigned long long)v->tso_segments,
			  (unsigned long long)v->tx_csum, (unsigned long long)v->tx_vlan_inserted,
			  (unsigned long long)v->rx_vlan_stripped,
			  (unsigned long long)v->rx_coalesced_cqes, v->cqe_coalesce ? v->cqe_coalesce : 1);
		b.len--;	/* reopen the object for the per-queue arrays */
		sb_printf(&b, ",\"tx_cqe_suppressed\":%llu,\"rx_waited\":%llu",
			  (unsigned long long)v->tx_cqe_suppressed,
			  (unsigned long long)v->rx_waited);
		sb_printf(&b, ",\"bw_clamp\":{\"on\":%s,\"mbps\":%u,\"requests\":%llu}",
			  v->clamp_on ? "true" : "false", v->clamp_mbps,
			  (unsigned long long)v->clamp_requests);
		sb_printf(&b, ",\"tx_queue_packets\":[");
		for (j = 0; j < MODEL_MAX_QUEUES; j++)
			sb_printf(&b, "%s%llu", j ? "," : "", (unsigned long long)v->txq_packets[j]);
		sb_printf(&b, "],\"rx_queue_packets\":[");
		for (j = 0; j < MODEL_MAX_QUEUES; j++)
			sb_printf(&b, "%s%llu", j ? "," : "", (unsigned long long)v->rxq_packets[j]);
		sb_printf(&b, "],\"tx_queue_bytes\":[");
		for (j = 0; j < MODEL_MAX_QUEUES; j++)
			sb_printf(&b, "%s%llu", j ? "," : "", (unsigned long long)v->txq_bytes[j]);
		sb_printf(&b, "],\"rx_queue_bytes\":[");
		for (j = 0; j < MODEL_MAX_QUEUES; j++)
			sb_printf(&b, "%s%llu", j ? "," : "", (unsigned long long)v->rxq_bytes[j]);
		sb_printf(&b, "]}");
	}
	sb_printf(&b, "],\"queues\":[");
	for (i = 0; i < MODEL_MAX_EQ; i++)
		if (M.eqs[i].used)
			json_queue(&b, &M.eqs[i], &first);
	for (i = 0; i < MODEL_MAX_CQ; i++)
		if (M.cqs[i].used)
			json_queue(&b, &M.cqs[i], &first);
	for (i = 0; i < MODEL_MAX_WQ; i++)
		if (M.wqs[i].used)
			json_queue(&b, &M.wqs[i], &first);
	sb_printf(&b, "]}");
	*out = b.p;
	*len = b.len;
}

int control_init(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		clients[i].fd = -1;
	if (!path)
		return 0;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, path);
	unlink(path);
	ctl_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (ctl_fd < 0 || bind(ctl_fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(ctl_fd, 4)) {
		LOG("control: cannot listen on %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int control_listen_fd(void)
{
	return ctl_fd;
}

bool control_is_client(int fd)
{
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		if (clients[i].fd == fd)
			return true;
	return false;
}

int control_client_fds(int *fds, int max);
int control_client_fds(int *fds, int max)
{
	int i, n = 0;

	for (i = 0; i < MAX_CLIENTS && n < max; i++)
		if (clients[i].fd >= 0)
			fds[n++] = clients[i].fd;
	return n;
}

void control_accept(void)
{
	int fd = accept4(ctl_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK), i;

	if (fd < 0)
		return;
	for (i = 0; i < MAX_CLIENTS; i++) {
		if (clients[i].fd < 0) {
			clients[i].fd = fd;
			clients[i].used = 0;
			return;
		}
	}
	close(fd);
}

static void client_close(struct client *c)
{
	close(c->fd);
	c->fd = -1;
	c->used = 0;
}

void control_close_all(void)
{
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		if (clients[i].fd >= 0)
			client_close(&clients[i]);
	if (ctl_fd >= 0)
		close(ctl_fd);
	ctl_fd = -1;
}

/*
 * The worker holds M.lock here, so a client that does not read its replies
 * must not stall the device: give up after about a second.
 */
static void send_line(int fd, const char *s, size_t len)
{
	int waited = 0;

	while (len) {
		ssize_t n = send(fd, s, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && waited++ < 1000) {
			usleep(1000);
			continue;
		}
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void link_command(char *args, char *reply, size_t rlen)
{
	char *idx = strtok(args, " \t"), *state = strtok(NULL, " \t"), *end;
	long v = idx ? strtol(idx, &end, 10) : -1;
	bool up;

	if (!idx || *end || v < 0 || v >= M.nvports || !state ||
	    (strcmp(state, "up") && strcmp(state, "down"))) {
		snprintf(reply, rlen, "error: usage: link VPORT up|down");
		return;
	}
	up = !strcmp(state, "up");
	M.vports[v].link_up = up;
	/* SOC_RECONFIG_DATA: type 2 link up, 3 link down (acted on by 7.x) */
	hwc_post_event(EQE_SOC_RECONFIG_DATA, (up ? 2u : 3u) << 24);
	LOG("control: vport %ld link %s\n", v, state);
	snprintf(reply, rlen, "ok");
}

/* VPORT argument of clamp/rxbuf, -1 (with the usage in reply) if bad */
static int vport_arg(char *args, const char *usage, char *reply, size_t rlen)
{
	char *idx = strtok(args, " \t"), *end;
	long v = idx ? strtol(idx, &end, 10) : -1;

	if (!idx || *end || v < 0 || v >= M.nvports) {
		snprintf(reply, rlen, "error: usage: %s VPORT", usage);
		return -1;
	}
	return (int)v;
}

static void clamp_command(char *args, char *reply, size_t rlen)
{
	int v = vport_arg(args, "clamp", reply, rlen);

	if (v < 0)
		return;
	snprintf(reply, rlen, "ok %s %u %llu", M.vports[v].clamp_on ? "on" : "off",
		 M.vports[v].clamp_mbps, (unsigned long long)M.vports[v].clamp_requests);
}

static void rxbuf_command(char *args, char *reply, size_t rlen)
{
	int v = vport_arg(args, "rxbuf", reply, rlen), i, n = 0, lo = 0, hi = 0;

	if (v < 0)
		return;
	for (i = 0; i < MODEL_MAX_WQ; i++) {
		const struct queue *q = &M.wqs[i];

		if (!q->used || q->type != Q_RQ || q->vport != v || !q->buf_off_n)
			continue;
		if (!n || q->buf_off_n < lo)
			lo = q->buf_off_n;
		if (!n || q->buf_off_n > hi)
			hi = q->buf_off_n;
		n++;
	}
	snprintf(reply, rlen, "ok %d %d %d", n, lo, hi);
}

static void event_command(char *args, char *reply, size_t rlen)
{
	char *ts = strtok(args, " \t"), *ds = strtok(NULL, " \t"), *end;
	unsigned long type = ts ? strtoul(ts, &end, 0) : 0;
	unsigned long data = 0;

	if (!ts || *end || type == 0 || type > 255 || (ds && ((data = strtoul(ds, &end, 0)),
							       *end || data > 0xffffffffUL))) {
		snprintf(reply, rlen, "error: usage: event TYPE [DATA]");
		return;
	}
	if (!M.hwc_up) {
		snprintf(reply, rlen, "error: the HWC is not established");
		return;
	}
	hwc_post_event((u8)type, (u32)data);
	LOG("control: event %lu data %#lx posted on the HWC EQ\n", type, data);
	snprintf(reply, rlen, "ok");
}

/* worker, M.lock held: live objects, for leak checks across a driver reset */
static void objects_command(char *reply, size_t rlen)
{
	u32 i, eq = 0, cq = 0, wq = 0, reg = 0, pd = 0, mr = 0, dev = 0, ad, ibqp;

	for (i = 0; i < MODEL_MAX_EQ; i++)
		eq += M.eqs[i].used;
	for (i = 0; i < MODEL_MAX_CQ; i++)
		cq += M.cqs[i].used;
	for (i = 0; i < MODEL_MAX_WQ; i++)
		wq += M.wqs[i].used;
	for (i = 0; i < MODEL_MAX_REGIONS; i++)
		reg += M.regions[i].used;
	for (i = 0; i < MODEL_MAX_PD; i++)
		pd += M.pds[i].used;
	for (i = 0; i < MODEL_MAX_MR; i++)
		mr += M.mrs[i].used;
	for (i = 0; i < sizeof(M.devs) / sizeof(M.devs[0]); i++)
		dev += M.devs[i].registered;
	mgmt_ib_counts(&ad, &ibqp);
	snprintf(reply, rlen, "ok eq=%u cq=%u wq=%u regions=%u pd=%u mr=%u devs=%u adapters=%u ibqp=%u hwc=%d establish=%llu destroy=%llu",
		 eq, cq, wq, reg, pd, mr, dev, ad, ibqp, M.hwc_up ? 1 : 0,
		 (unsigned long long)M.st.smc_establish, (unsigned long long)M.st.smc_destroy);
}

/* worker, M.lock held */
static void control_command(int fd, char *line)
{
	char reply[1024], *cmd, *rest;

	while (*line == ' ' || *line == '\t')
		line++;
	cmd = line;
	rest = strpbrk(line, " \t");
	if (rest)
		*rest++ = 0;
	else
		rest = line + strlen(line);
	if (!strcmp(cmd, "stats")) {
		char *js;
		size_t len;

		stats_json(&js, &len);
		if (js) {
			send_line(fd, js, len);
			free(js);
		}
		send_line(fd, "\n", 1);
		return;
	}
	if (!strcmp(cmd, "fault")) {
		fault_command(rest, reply, sizeof(reply));
	} else if (!strcmp(cmd, "fuzz")) {
		fuzz_command(rest, reply, sizeof(reply));
	} else if (!strcmp(cmd, "link")) {
		link_command(rest, reply, sizeof(reply));
	} else if (!strcmp(cmd, "clamp")) {
		clamp_command(rest, reply, sizeof(reply));
	} else if (!strcmp(cmd, "rxbuf")) {
		rxbuf_command(rest, reply, sizeof(reply));
	} else if (!strcmp(cmd, "event")) {
		event_command(rest, reply, sizeof(reply));
	} else if (!strcmp(cmd, "objects")) {
		objects_command(reply, sizeof(reply));
	} else if (!strcmp(cmd, "rnic")) {
		mgmt_ib_describe(reply, sizeof(reply));
	} else if (!strcmp(cmd, "remove")) {
		bool disc = !strcmp(strtok(rest, " \t") ? rest : "", "disconnect");

		M.fault.removed = true;
		if (disc)
			vfu_disconnect();
		LOG("control: surprise removal%s: the function stops responding\n",
		    disc ? " (vfio-user connection closed)" : "");
		snprintf(reply, sizeof(reply), "ok");
	} else if (!strcmp(cmd, "replug")) {
		if (!M.fault.removed) {
			snprintf(reply, sizeof(reply), "error: the function was not removed");
		} else if (!vfu_connected()) {
			snprintf(reply, sizeof(reply),
				 "error: the vfio-user connection is closed (remove disconnect)");
		} else {
			/* a new function in the same slot: nothing of the old one survives */
			M.fault.removed = false;
			dev_reset();
			memset(M.smc, 0, sizeof(M.smc));
			M.smc_pending = false;
			LOG("control: replug: the function is present again, reset\n");
			snprintf(reply, sizeof(reply), "ok");
		}
	} else if (!strcmp(cmd, "quit")) {
		M.quit = 1;
		snprintf(reply, sizeof(reply), "ok");
	} else if (!strcmp(cmd, "help")) {
		snprintf(reply, sizeof(reply), "ok commands: stats, fault NAME [ARGS], fault clear, "
			 "fuzz SEED RATE CLASSES EVENTS|off, link VPORT up|down, clamp VPORT, rxbuf VPORT, event TYPE [DATA], objects, rnic, remove, replug, quit");
	} else if (!*cmd) {
		return;
	} else {
		snprintf(reply, sizeof(reply), "error: unknown command '%s'", cmd);
	}
	strcat(reply, "\n");
	send_line(fd, reply, strlen(reply));
}

void control_client_input(int fd)
{
	struct client *c = NULL;
	ssize_t n;
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		if (clients[i].fd == fd)
			c = &clients[i];
	if (!c)
		return;
	n = recv(fd, c->buf + c->used, sizeof(c->buf) - 1 - c->used, 0);
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		client_close(c);
		return;
	}
	c->used += (size_t)n;
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->used);
		size_t ll;

		if (!nl) {
			if (c->used >= sizeof(c->buf) - 1) {
				send_line(fd, "error: line too long\n", 21);
				client_close(c);
			}
			return;
		}
		*nl = 0;
		if (nl > c->buf && nl[-1] == '\r')
			nl[-1] = 0;
		control_command(fd, c->buf);
		ll = (size_t)(nl - c->buf) + 1;
		memmove(c->buf, c->buf + ll, c->used - ll);
		c->used -= ll;
	}
}
