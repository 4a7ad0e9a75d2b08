// SPDX-License-Identifier: GPL-2.0
/*
 * nlshaper: the smallest net-shaper generic netlink client the e2e guest
 * needs (the guest has no python for the kernel's ynl tool).  Built static
 * on the host by tests/e2e/ethtool/build.sh.
 *
 *   nlshaper set IFNAME BW_MAX_BPS    netdev-scope shaper with bw-max (bit/s)
 *   nlshaper delete IFNAME            remove the netdev-scope shaper
 *
 * Prints "ok", or "error: ERRNO-TEXT[: EXTACK-MESSAGE]" and exits 1, or
 * "no-family" and exits 2 when the kernel has no net-shaper family (the API
 * is in mainline since 6.13).  Attribute numbers: uapi linux/net_shaper.h.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SHAPER_FAMILY		"net-shaper"
#define SHAPER_CMD_SET		2
#define SHAPER_CMD_DELETE	3
#define SHAPER_A_HANDLE		1
#define SHAPER_A_METRIC		2
#define SHAPER_A_BW_MAX		4
#define SHAPER_A_IFINDEX	8
#define SHAPER_A_HANDLE_SCOPE	1
#define SHAPER_SCOPE_NETDEV	1
#define SHAPER_METRIC_BPS	0

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG	1
#endif

struct msg {
	char buf[1024];
	size_t len;
};

static uint32_t next_seq = 1;

/* ack: ask for an ACK (the SET/DELETE requests; GETFAMILY gets its answer) */
static struct nlmsghdr *msg_start(struct msg *m, uint16_t type, uint8_t cmd, bool ack)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *gh;

	memset(m->buf, 0, sizeof(m->buf));
	nh->nlmsg_type = type;
	nh->nlmsg_flags = NLM_F_REQUEST | (ack ? NLM_F_ACK : 0);
	nh->nlmsg_seq = next_seq++;
	gh = (struct genlmsghdr *)NLMSG_DATA(nh);
	gh->cmd = cmd;
	gh->version = 1;
	m->len = NLMSG_LENGTH(GENL_HDRLEN);
	return nh;
}

static struct nlattr *put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->len += NLA_ALIGN(a->nla_len);
	return a;
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	put(m, type, &v, sizeof(v));
}

/*
 * send, then read answers until the one to this request (same sequence
 * number) into reply; returns its netlink error (0 = ACK or data)
 */
static int roundtrip(int fd, struct msg *m, char *reply, size_t rlen, ssize_t *got)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nh = (struct nlmsghdr *)m->buf;
	uint32_t seq = nh->nlmsg_seq;

	nh->nlmsg_len = (uint32_t)m->len;
	if (sendto(fd, m->buf, m->len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	for (;;) {
		*got = recv(fd, reply, rlen, 0);
		if (*got < (ssize_t)NLMSG_HDRLEN)
			return -EIO;
		nh = (struct nlmsghdr *)reply;
		if (nh->nlmsg_seq != seq)
			continue;
		if (nh->nlmsg_type == NLMSG_ERROR)
			return ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
		return 0;
	}
}

static int family_id(int fd)
{
	char reply[4096];
	struct msg m;
	struct nlmsghdr *nh;
	struct nlattr *a;
	ssize_t got;
	int len;

	msg_start(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, false);
	put(&m, CTRL_ATTR_FAMILY_NAME, SHAPER_FAMILY, sizeof(SHAPER_FAMILY));
	if (roundtrip(fd, &m, reply, sizeof(reply), &got))
		return -1;
	nh = (struct nlmsghdr *)reply;
	len = (int)nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	a = (struct nlattr *)((char *)NLMSG_DATA(nh) + GENL_HDRLEN);
	for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
	return -1;
}

/* the extack message of an error answer, if the kernel sent one */
static const char *extack_msg(char *reply, ssize_t got)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)reply;
	struct nlmsgerr *e = NLMSG_DATA(nh);
	struct nlattr *a;
	int len;
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if ((ssize_t)off >= got)
		return NULL;
	a = (struct nlattr *)(reply + off);
	len = (int)(got - (ssize_t)off);
	for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == NLMSGERR_ATTR_MSG)
			return (const char *)a + NLA_HDRLEN;
	return NULL;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, fam, err, one = 1;
	char reply[4096];
	unsigned int ifindex;
	struct nlattr *h;
	const char *why;
	struct msg m;
	uint64_t bw;
	ssize_t got;
	bool set;

	if (argc < 3 || (strcmp(argv[1], "set") && strcmp(argv[1], "delete")) ||
	    (!strcmp(argv[1], "set") && argc != 4)) {
		fprintf(stderr, "usage: nlshaper set IFNAME BW_MAX_BPS | delete IFNAME\n");
		return 64;
	}
	set = !strcmp(argv[1], "set");
	ifindex = if_nametoindex(argv[2]);
	if (!ifindex) {
		printf("error: no interface %s\n", argv[2]);
		return 1;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		printf("error: netlink socket: %s\n", strerror(errno));
		return 1;
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	fam = family_id(fd);
	if (fam < 0) {
		printf("no-family\n");
		return 2;
	}

	msg_start(&m, (uint16_t)fam, set ? SHAPER_CMD_SET : SHAPER_CMD_DELETE, true);
	put_u32(&m, SHAPER_A_IFINDEX, ifindex);
	h = put(&m, SHAPER_A_HANDLE | NLA_F_NESTED, NULL, 0);
	put_u32(&m, SHAPER_A_HANDLE_SCOPE, SHAPER_SCOPE_NETDEV);
	h->nla_len = (uint16_t)((char *)(m.buf + m.len) - (char *)h);
	if (set) {
		bw = strtoull(argv[3], NULL, 0);
		put_u32(&m, SHAPER_A_METRIC, SHAPER_METRIC_BPS);
		put(&m, SHAPER_A_BW_MAX, &bw, sizeof(bw));
	}
	err = roundtrip(fd, &m, reply, sizeof(reply), &got);
	if (!err) {
		printf("ok\n");
		return 0;
	}
	why = err < 0 && got > 0 ? extack_msg(reply, got) : NULL;
	printf("error: %s%s%s\n", strerror(-err), why ? ": " : "", why ? why : "");
	return 1;
}
