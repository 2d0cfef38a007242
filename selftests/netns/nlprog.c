// SPDX-License-Identifier: GPL-2.0
/*
 * nlprog: the datapath tests' raw generic netlink helper, for what pmipctl
 * cannot do (yet): program BCEs and FMC entries, read counters, and listen
 * to events. Output is "key value" lines, for shell tests to grep.
 *
 *   nlprog instance                        ifindex and stats of this netns
 *   nlprog bce add MN BID PRI COA HNP      HNP is a /64 prefix address
 *   nlprog bce get MN BID                  counters
 *   nlprog fmc add|set MN FID PRI BID (forward|drop) [dport N]
 *   nlprog fmc get MN FID                  counters
 *   nlprog bul add MN LMA IFNAME HNP       MAG binding update list entry
 *   nlprog bul get MN                      counters
 *   nlprog ro add SRC_HNP DST_HNP PEER LIFETIME   MAG localized routing
 *   nlprog ro get SRC_HNP DST_HNP          counters
 *   nlprog listen SECONDS                  print MN_TRAFFIC events
 *
 * Builds with rawnl.c from selftests/netlink.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/pmip6.h>

#include "rawnl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct rnl_sock sock;
static uint16_t family;
static struct rnl_req req;
static struct rnl_reply rep;

static void die(const char *what, int err)
{
	fprintf(stderr, "nlprog: %s: %s%s%s\n", what, strerror(-err),
		rep.ack.has_msg ? ": " : "", rep.ack.has_msg ? rep.ack.msg : "");
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: see the head of nlprog.c\n");
	exit(2);
}

static void put_u16(struct rnl_req *r, uint16_t type, uint16_t v)
{
	rnl_put(r, type, &v, sizeof(v));
}

static void put_addr(struct rnl_req *r, uint16_t type, const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		fprintf(stderr, "nlprog: bad address %s\n", s);
		exit(2);
	}
	rnl_put(r, type, &a, sizeof(a));
}

static void put_hnp(struct rnl_req *r, uint16_t type, const char *s)
{
	size_t nest = rnl_nest_start(r, type);

	put_addr(r, PMIP6_A_HNP_PREFIX, s);
	rnl_put_u8(r, PMIP6_A_HNP_PREFIX_LEN, 64);
	rnl_nest_end(r, nest);
}

static uint64_t get_u64(const struct nlattr *a)
{
	uint64_t v = 0;

	if (a && rnl_attr_len(a) == sizeof(v))
		memcpy(&v, rnl_attr_data(a), sizeof(v));
	return v;
}

/* Prints the PMIP6_A_COUNTERS_* nest @a. */
static void print_counters(const struct nlattr *a)
{
	const struct nlattr *tb[PMIP6_A_COUNTERS_MAX + 1];

	if (!a || rnl_parse(rnl_attr_data(a), rnl_attr_len(a), tb,
			    PMIP6_A_COUNTERS_MAX)) {
		fprintf(stderr, "nlprog: no counters in reply\n");
		exit(1);
	}
	printf("tx_packets %llu\ntx_bytes %llu\nrx_packets %llu\nrx_bytes %llu\n",
	       (unsigned long long)get_u64(tb[PMIP6_A_COUNTERS_PACKETS_TX]),
	       (unsigned long long)get_u64(tb[PMIP6_A_COUNTERS_BYTES_TX]),
	       (unsigned long long)get_u64(tb[PMIP6_A_COUNTERS_PACKETS_RX]),
	       (unsigned long long)get_u64(tb[PMIP6_A_COUNTERS_BYTES_RX]));
}

/* The nest @top of the reply, parsed into tb[0..max]. */
static void reply_nest(uint16_t top, const struct nlattr **tb, unsigned int max)
{
	const struct nlattr *ttb[PMIP6_A_MAX + 1];
	const void *attrs;
	size_t len;

	attrs = rnl_reply_attrs(&rep, &len);
	if (!attrs || rnl_parse(attrs, len, ttb, PMIP6_A_MAX) || !ttb[top] ||
	    rnl_parse(rnl_attr_data(ttb[top]), rnl_attr_len(ttb[top]), tb, max)) {
		fprintf(stderr, "nlprog: malformed reply\n");
		exit(1);
	}
}

static const char *const stat_names[] = {
	[PMIP6_A_STATS_NO_BINDING] = "no_binding",
	[PMIP6_A_STATS_FMC_DROP] = "fmc_drop",
	[PMIP6_A_STATS_NO_ROUTE] = "no_route",
	[PMIP6_A_STATS_TOO_BIG] = "too_big",
	[PMIP6_A_STATS_UNKNOWN_PEER] = "unknown_peer",
	[PMIP6_A_STATS_BAD_PACKET] = "bad_packet",
	[PMIP6_A_STATS_EVENTS] = "events",
};

static int cmd_instance(void)
{
	const struct nlattr *tb[PMIP6_A_INSTANCE_MAX + 1];
	const struct nlattr *st[PMIP6_A_STATS_MAX + 1];
	uint32_t ifindex = 0;
	int rc, i;

	rnl_req_init(&req, family, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_GET, 1);
	rc = rnl_transact(&sock, &req, &rep);
	if (rc)
		die("instance get", rc);
	reply_nest(PMIP6_A_INSTANCE, tb, PMIP6_A_INSTANCE_MAX);
	if (tb[PMIP6_A_INSTANCE_IFINDEX])
		memcpy(&ifindex, rnl_attr_data(tb[PMIP6_A_INSTANCE_IFINDEX]),
		       sizeof(ifindex));
	printf("ifindex %u\n", ifindex);
	if (!tb[PMIP6_A_INSTANCE_STATS] ||
	    rnl_parse(rnl_attr_data(tb[PMIP6_A_INSTANCE_STATS]),
		      rnl_attr_len(tb[PMIP6_A_INSTANCE_STATS]), st,
		      PMIP6_A_STATS_MAX)) {
		fprintf(stderr, "nlprog: no stats in reply (attributes:");
		for (i = 0; i <= PMIP6_A_INSTANCE_MAX; i++)
			if (tb[i])
				fprintf(stderr, " %d/%u", i, tb[i]->nla_len);
		fprintf(stderr, ")\n");
		return 1;
	}
	for (i = 1; i < PMIP6_A_STATS_PAD; i++)
		printf("%s %llu\n", stat_names[i],
		       (unsigned long long)get_u64(st[i]));
	return 0;
}

static int cmd_bce(int argc, char **argv)
{
	const struct nlattr *tb[PMIP6_A_BCE_MAX + 1];
	size_t nest;
	int rc;

	if (argc == 7 && !strcmp(argv[1], "add")) {
		rnl_req_init(&req, family, RNL_F_DEFAULT, PMIP6_CMD_BCE_NEW, 1);
		nest = rnl_nest_start(&req, PMIP6_A_BCE);
		rnl_put(&req, PMIP6_A_BCE_MN_ID, argv[2], strlen(argv[2]));
		put_u16(&req, PMIP6_A_BCE_BID, atoi(argv[3]));
		rnl_put_u8(&req, PMIP6_A_BCE_BID_PRI, atoi(argv[4]));
		put_addr(&req, PMIP6_A_BCE_PROXY_COA, argv[5]);
		put_hnp(&req, PMIP6_A_BCE_HNP, argv[6]);
		rnl_nest_end(&req, nest);
		rc = rnl_transact(&sock, &req, &rep);
		if (rc)
			die("bce add", rc);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "get")) {
		rnl_req_init(&req, family, RNL_F_DEFAULT, PMIP6_CMD_BCE_GET, 1);
		nest = rnl_nest_start(&req, PMIP6_A_BCE);
		rnl_put(&req, PMIP6_A_BCE_MN_ID, argv[2], strlen(argv[2]));
		put_u16(&req, PMIP6_A_BCE_BID, atoi(argv[3]));
		rnl_nest_end(&req, nest);
		rc = rnl_transact(&sock, &req, &rep);
		if (rc)
			die("bce get", rc);
		reply_nest(PMIP6_A_BCE, tb, PMIP6_A_BCE_MAX);
		print_counters(tb[PMIP6_A_BCE_COUNTERS]);
		return 0;
	}
	usage();
	return 2;
}

static int cmd_fmc(int argc, char **argv)
{
	const struct nlattr *tb[PMIP6_A_FMC_MAX + 1];
	size_t nest, ts;
	int rc, i;

	if (argc >= 8 && (!strcmp(argv[1], "add") || !strcmp(argv[1], "set"))) {
		uint8_t cmd = argv[1][0] == 'a' ? PMIP6_CMD_FMC_NEW :
						  PMIP6_CMD_FMC_SET;

		rnl_req_init(&req, family, RNL_F_DEFAULT, cmd, 1);
		nest = rnl_nest_start(&req, PMIP6_A_FMC);
		rnl_put(&req, PMIP6_A_FMC_MN_ID, argv[2], strlen(argv[2]));
		put_u16(&req, PMIP6_A_FMC_FID, atoi(argv[3]));
		put_u16(&req, PMIP6_A_FMC_FID_PRI, atoi(argv[4]));
		put_u16(&req, PMIP6_A_FMC_BID, atoi(argv[5]));
		rnl_put_u32(&req, PMIP6_A_FMC_ACTION,
			    !strcmp(argv[6], "drop") ? PMIP6_FMC_ACTION_DROP :
						      PMIP6_FMC_ACTION_FORWARD);
		ts = rnl_nest_start(&req, PMIP6_A_FMC_TS);
		for (i = 7; i + 1 < argc; i += 2) {
			if (!strcmp(argv[i], "dport"))
				put_u16(&req, PMIP6_A_TS_DST_PORT_START,
					atoi(argv[i + 1]));
			else
				usage();
		}
		rnl_nest_end(&req, ts);
		rnl_nest_end(&req, nest);
		rc = rnl_transact(&sock, &req, &rep);
		if (rc)
			die("fmc add/set", rc);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "get")) {
		rnl_req_init(&req, family, RNL_F_DEFAULT, PMIP6_CMD_FMC_GET, 1);
		nest = rnl_nest_start(&req, PMIP6_A_FMC);
		rnl_put(&req, PMIP6_A_FMC_MN_ID, argv[2], strlen(argv[2]));
		put_u16(&req, PMIP6_A_FMC_FID, atoi(argv[3]));
		rnl_nest_end(&req, nest);
		rc = rnl_transact(&sock, &req, &rep);
		if (rc)
			die("fmc get", rc);
		reply_nest(PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX);
		print_counters(tb[PMIP6_A_FMC_COUNTERS]);
		return 0;
	}
	usage();
	return 2;
}

static int cmd_bul(int argc, char **argv)
{
	const struct nlattr *tb[PMIP6_A_BUL_MAX + 1];
	size_t nest;
	int rc;

	if (argc == 6 && !strcmp(argv[1], "add")) {
		unsigned int ifindex = if_nametoindex(argv[4]);

		if (!ifindex)
			die("no such interface", -ENODEV);
		rnl_req_init(&req, family, RNL_F_DEFAULT, PMIP6_CMD_BUL_NEW, 1);
		nest = rnl_nest_start(&req, PMIP6_A_BUL);
		rnl_put(&req, PMIP6_A_BUL_MN_ID, argv[2], strlen(argv[2]));
		put_addr(&req, PMIP6_A_BUL_LMA_ADDR, argv[3]);
		rnl_put_u32(&req, PMIP6_A_BUL_IFINDEX, ifindex);
		put_hnp(&req, PMIP6_A_BUL_HNP, argv[5]);
		rnl_nest_end(&req, nest);
		rc = rnl_transact(&sock, &req, &rep);
		if (rc)
			die("bul add", rc);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "get")) {
		rnl_req_init(&req, family, RNL_F_DEFAULT, PMIP6_CMD_BUL_GET, 1);
		nest = rnl_nest_start(&req, PMIP6_A_BUL);
		rnl_put(&req, PMIP6_A_BUL_MN_ID, argv[2], strlen(argv[2]));
		rnl_nest_end(&req, nest);
		rc = rnl_transact(&sock, &req, &rep);
		if (rc)
			die("bul get", rc);
		reply_nest(PMIP6_A_BUL, tb, PMIP6_A_BUL_MAX);
		print_counters(tb[PMIP6_A_BUL_COUNTERS]);
		return 0;
	}
	usage();
	return 2;
}

static int cmd_ro(int argc, char **argv)
{
	const struct nlattr *tb[PMIP6_A_RO_MAX + 1];
	size_t nest;
	int rc;

	if (argc == 6 && !strcmp(argv[1], "add")) {
		rnl_req_init(&req, family, RNL_F_DEFAULT, PMIP6_CMD_RO_NEW, 1);
		nest = rnl_nest_start(&req, PMIP6_A_RO);
		put_hnp(&req, PMIP6_A_RO_SRC_HNP, argv[2]);
		put_hnp(&req, PMIP6_A_RO_DST_HNP, argv[3]);
		put_addr(&req, PMIP6_A_RO_PEER_ADDR, argv[4]);
		rnl_put_u32(&req, PMIP6_A_RO_LIFETIME, atoi(argv[5]));
		rnl_put_u8(&req, PMIP6_A_RO_OWNER, PMIP6_RO_OWNER_MAG);
		rnl_nest_end(&req, nest);
		rc = rnl_transact(&sock, &req, &rep);
		if (rc)
			die("ro add", rc);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "get")) {
		rnl_req_init(&req, family, RNL_F_DEFAULT, PMIP6_CMD_RO_GET, 1);
		nest = rnl_nest_start(&req, PMIP6_A_RO);
		put_hnp(&req, PMIP6_A_RO_SRC_HNP, argv[2]);
		put_hnp(&req, PMIP6_A_RO_DST_HNP, argv[3]);
		rnl_nest_end(&req, nest);
		rc = rnl_transact(&sock, &req, &rep);
		if (rc)
			die("ro get", rc);
		reply_nest(PMIP6_A_RO, tb, PMIP6_A_RO_MAX);
		print_counters(tb[PMIP6_A_RO_COUNTERS]);
		return 0;
	}
	usage();
	return 2;
}

/* The id of multicast group @name of our family. */
static uint32_t mcast_group(const char *name)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	const struct nlattr *g[CTRL_ATTR_MCAST_GRP_MAX + 1];
	const unsigned char *p, *end;
	const void *attrs;
	size_t len;
	int rc;

	rnl_req_init(&req, GENL_ID_CTRL, RNL_F_DEFAULT, CTRL_CMD_GETFAMILY, 2);
	rnl_put_str(&req, CTRL_ATTR_FAMILY_NAME, PMIP6_GENL_NAME);
	rc = rnl_transact(&sock, &req, &rep);
	if (rc)
		die("getfamily", rc);
	attrs = rnl_reply_attrs(&rep, &len);
	if (!attrs || rnl_parse(attrs, len, tb, CTRL_ATTR_MAX) ||
	    !tb[CTRL_ATTR_MCAST_GROUPS])
		die("no multicast groups", -EPROTO);
	p = rnl_attr_data(tb[CTRL_ATTR_MCAST_GROUPS]);
	end = p + rnl_attr_len(tb[CTRL_ATTR_MCAST_GROUPS]);
	while (p + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const void *)p;
		uint32_t id;

		if (!rnl_parse(rnl_attr_data(a), rnl_attr_len(a), g,
			       CTRL_ATTR_MCAST_GRP_MAX) &&
		    g[CTRL_ATTR_MCAST_GRP_NAME] && g[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(rnl_attr_data(g[CTRL_ATTR_MCAST_GRP_NAME]), name)) {
			memcpy(&id, rnl_attr_data(g[CTRL_ATTR_MCAST_GRP_ID]),
			       sizeof(id));
			return id;
		}
		p += NLA_ALIGN(a->nla_len);
	}
	die("no events group", -ENOENT);
	return 0;
}

static void print_hnp(const char *key, const struct nlattr *a)
{
	const struct nlattr *tb[PMIP6_A_HNP_MAX + 1];
	char buf[INET6_ADDRSTRLEN] = "?";

	if (a && !rnl_parse(rnl_attr_data(a), rnl_attr_len(a), tb,
			    PMIP6_A_HNP_MAX) && tb[PMIP6_A_HNP_PREFIX])
		inet_ntop(AF_INET6, rnl_attr_data(tb[PMIP6_A_HNP_PREFIX]),
			  buf, sizeof(buf));
	printf(" %s %s/64", key, buf);
}

/* "-" for an absent MN-ID: a destination in a remote prefix. */
static void print_id(const char *key, const struct nlattr *a)
{
	printf(" %s %.*s", key, a ? (int)rnl_attr_len(a) : 1,
	       a ? (const char *)rnl_attr_data(a) : "-");
}

/* Prints every MN_TRAFFIC notification for @secs seconds. */
static int cmd_listen(int secs)
{
	static unsigned char buf[16384] __attribute__((aligned(4)));
	uint32_t grp = mcast_group(PMIP6_MCGRP_EVENTS);
	time_t end = time(NULL) + secs;
	struct pollfd pfd = { .fd = sock.fd, .events = POLLIN };

	if (setsockopt(sock.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp)) < 0)
		die("join events", -errno);
	printf("listening\n");
	fflush(stdout);
	while (time(NULL) < end) {
		const struct nlmsghdr *nlh;
		ssize_t n;

		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = recv(sock.fd, buf, sizeof(buf), 0);
		if (n < 0)
			die("recv", -errno);
		for (nlh = (const void *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			const struct genlmsghdr *g = NLMSG_DATA(nlh);
			const struct nlattr *tt[PMIP6_A_MAX + 1];
			const struct nlattr *ev[PMIP6_A_EVENT_MAX + 1];

			if (nlh->nlmsg_type != family ||
			    g->cmd != PMIP6_CMD_MN_TRAFFIC_NTF)
				continue;
			if (rnl_parse((const char *)g + GENL_HDRLEN,
				      nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
				      tt, PMIP6_A_MAX) || !tt[PMIP6_A_EVENT] ||
			    rnl_parse(rnl_attr_data(tt[PMIP6_A_EVENT]),
				      rnl_attr_len(tt[PMIP6_A_EVENT]), ev,
				      PMIP6_A_EVENT_MAX))
				continue;
			printf("event");
			print_id("src_mn", ev[PMIP6_A_EVENT_SRC_MN_ID]);
			print_hnp("src_hnp", ev[PMIP6_A_EVENT_SRC_HNP]);
			print_id("dst_mn", ev[PMIP6_A_EVENT_DST_MN_ID]);
			print_hnp("dst_hnp", ev[PMIP6_A_EVENT_DST_HNP]);
			printf("\n");
			fflush(stdout);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t version;
	int rc;

	if (argc < 2)
		usage();
	rc = rnl_open(&sock);
	if (rc)
		die("socket", rc);
	rc = rnl_genl_resolve(&sock, PMIP6_GENL_NAME, &family, &version);
	if (rc)
		die("resolve pmip6", rc);

	if (!strcmp(argv[1], "instance"))
		return cmd_instance();
	if (!strcmp(argv[1], "bce"))
		return cmd_bce(argc - 1, argv + 1);
	if (!strcmp(argv[1], "fmc"))
		return cmd_fmc(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bul"))
		return cmd_bul(argc - 1, argv + 1);
	if (!strcmp(argv[1], "ro"))
		return cmd_ro(argc - 1, argv + 1);
	if (!strcmp(argv[1], "listen") && argc == 3)
		return cmd_listen(atoi(argv[2]));
	usage();
	return 2;
}
