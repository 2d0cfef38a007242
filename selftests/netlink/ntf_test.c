// SPDX-License-Identifier: GPL-2.0
/*
 * State-change notifications of the pmip6 family on the "events" group
 * (INSTANCE_NTF, BCE_NTF, FMC_NTF, BUL_NTF, RO_NTF in
 * Documentation/netlink/specs/pmip6.yaml), as a listener sees them.
 *
 * Each test runs in a fresh network namespace with a request socket and a
 * listener joined to the events group, and asserts the exact sequence of
 * notifications a sequence of changes produces: command, PMIP6_A_CHANGE
 * and the object's key attributes. "Nothing was sent" is asserted without
 * timing: a later, successful change must be the very next notification.
 *
 *  - NEW/SET/DEL of the instance, BCEs, FMC entries, BUL entries, RO
 *    states;
 *  - ACTIVITY of FMC entries when BCEs go and come (RFC 7864 5.2: inactive
 *    only once all the entry's BIDs are gone), after the BCE's own; on a
 *    MAG when the BUL entry's BID changes or the entry goes;
 *  - EXPIRED of an RO state with a 1 s lifetime, gone from a dump after;
 *  - a rejected request sends nothing;
 *  - every state-change notification carries PMIP6_A_TIMESTAMP, the
 *    CLOCK_REALTIME of the change: between the request's send and the
 *    notification's receipt, in the order of the notifications; a request
 *    that carries one is refused;
 *  - a listener in another netns sees nothing of this one.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "kselftest_harness.h"
#include "rawnl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define MN1 "mn1@example.org"
#define LMA "2001:db8:ff::100"
#define PEER "2001:db8:ff::2"

static struct in6_addr addr6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

static void put_u16(struct rnl_req *r, uint16_t type, uint16_t v)
{
	rnl_put(r, type, &v, sizeof(v));
}

static void put_hnp(struct rnl_req *r, uint16_t type, const char *prefix)
{
	struct in6_addr a = addr6(prefix);
	size_t nest = rnl_nest_start(r, type);

	rnl_put(r, PMIP6_A_HNP_PREFIX, &a, sizeof(a));
	rnl_put_u8(r, PMIP6_A_HNP_PREFIX_LEN, 64);
	rnl_nest_end(r, nest);
}

/* One notification as the listener got it. */
struct ntf {
	uint8_t cmd;
	uint8_t change;			/* 0: no PMIP6_A_CHANGE */
	uint64_t ts;			/* PMIP6_A_TIMESTAMP; 0: none */
	const struct nlattr *obj[32];	/* the object nest's attributes */
	union {
		struct nlmsghdr nlh;
		unsigned char buf[RNL_BUFSIZE];
	} u;
};

FIXTURE(n) {
	struct rnl_sock sk;	/* requests */
	struct rnl_sock lsn;	/* joined to the events group */
	uint16_t fam;
	uint32_t grp;
	uint32_t acc;		/* a dummy access interface for BUL entries */
	struct rnl_req req;
	struct rnl_reply rep;
	struct ntf ntf;
};

/* The family's id and the id of its events group, from the controller. */
static int resolve(struct rnl_sock *s, uint16_t *fam, uint32_t *grp)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	static struct rnl_reply rep;
	static struct rnl_req r;
	const unsigned char *p;
	const void *attrs;
	size_t len, pos;
	int rc;

	rnl_req_init(&r, GENL_ID_CTRL, RNL_F_DEFAULT, CTRL_CMD_GETFAMILY, 2);
	rnl_put_str(&r, CTRL_ATTR_FAMILY_NAME, PMIP6_GENL_NAME);
	rc = rnl_transact(s, &r, &rep);
	if (rc)
		return rc;
	attrs = rnl_reply_attrs(&rep, &len);
	if (!attrs || rnl_parse(attrs, len, tb, CTRL_ATTR_MAX) ||
	    !tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_MCAST_GROUPS])
		return -EPROTO;
	memcpy(fam, rnl_attr_data(tb[CTRL_ATTR_FAMILY_ID]), sizeof(*fam));
	p = rnl_attr_data(tb[CTRL_ATTR_MCAST_GROUPS]);
	len = rnl_attr_len(tb[CTRL_ATTR_MCAST_GROUPS]);
	for (pos = 0; pos + NLA_HDRLEN <= len;) {
		const struct nlattr *g = (const void *)(p + pos), *gt[CTRL_ATTR_MCAST_GRP_MAX + 1];

		if (!rnl_parse(rnl_attr_data(g), rnl_attr_len(g), gt, CTRL_ATTR_MCAST_GRP_MAX) &&
		    gt[CTRL_ATTR_MCAST_GRP_NAME] && gt[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(rnl_attr_data(gt[CTRL_ATTR_MCAST_GRP_NAME]), PMIP6_MCGRP_EVENTS)) {
			memcpy(grp, rnl_attr_data(gt[CTRL_ATTR_MCAST_GRP_ID]), sizeof(*grp));
			return 0;
		}
		pos += NLA_ALIGN(g->nla_len);
	}
	return -ENOENT;
}

/* A listener in the caller's current netns. */
static int listener(struct rnl_sock *l, uint32_t grp)
{
	int rc = rnl_open(l);

	if (rc)
		return rc;
	if (setsockopt(l->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) < 0)
		return -errno;
	return 0;
}

/*
 * The next notification of the family on @l (5 s receive timeout), its
 * object nest (attribute @nest_type) parsed into n->obj. Returns 0 or
 * -errno (-EAGAIN: none came).
 */
static int next_ntf_on(struct rnl_sock *l, uint16_t fam, struct ntf *n)
{
	const struct nlattr *tb[PMIP6_A_MAX + 1];
	const struct genlmsghdr *g;
	ssize_t len;

	memset(n, 0, offsetof(struct ntf, u));
	for (;;) {
		len = recv(l->fd, n->u.buf, sizeof(n->u.buf), 0);
		if (len < 0)
			return -errno;
		if ((size_t)len < NLMSG_HDRLEN + GENL_HDRLEN || n->u.nlh.nlmsg_type != fam)
			continue;
		break;
	}
	g = (const void *)(n->u.buf + NLMSG_HDRLEN);
	n->cmd = g->cmd;
	if (rnl_parse(n->u.buf + NLMSG_HDRLEN + GENL_HDRLEN,
		      n->u.nlh.nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, tb, PMIP6_A_MAX))
		return -EPROTO;
	if (tb[PMIP6_A_CHANGE])
		n->change = *(const uint8_t *)rnl_attr_data(tb[PMIP6_A_CHANGE]);
	if (tb[PMIP6_A_TIMESTAMP]) {
		if (rnl_attr_len(tb[PMIP6_A_TIMESTAMP]) != sizeof(n->ts))
			return -EPROTO;
		memcpy(&n->ts, rnl_attr_data(tb[PMIP6_A_TIMESTAMP]), sizeof(n->ts));
	}
	for (int t = PMIP6_A_INSTANCE; t <= PMIP6_A_EVENT; t++)
		if (tb[t])
			return rnl_parse(rnl_attr_data(tb[t]), rnl_attr_len(tb[t]), n->obj, 31);
	return -EPROTO;
}

static int next_ntf(FIXTURE_DATA(n) *self)
{
	return next_ntf_on(&self->lsn, self->fam, &self->ntf);
}

static uint8_t a_u8(const struct nlattr *a)
{
	return a ? *(const uint8_t *)rnl_attr_data(a) : 0xee;
}

static uint16_t a_u16(const struct nlattr *a)
{
	uint16_t v = 0xeeee;

	if (a)
		memcpy(&v, rnl_attr_data(a), sizeof(v));
	return v;
}

static uint32_t a_u32(const struct nlattr *a)
{
	uint32_t v = 0xeeeeeeee;

	if (a)
		memcpy(&v, rnl_attr_data(a), sizeof(v));
	return v;
}

static bool a_is(const struct nlattr *a, const void *data, size_t len)
{
	return a && rnl_attr_len(a) == len && !memcmp(rnl_attr_data(a), data, len);
}

/* Is the nest @a an HNP nest of /64 @prefix? */
static bool a_hnp(const struct nlattr *a, const char *prefix)
{
	const struct nlattr *tb[PMIP6_A_HNP_MAX + 1];
	struct in6_addr p = addr6(prefix);

	return a && !rnl_parse(rnl_attr_data(a), rnl_attr_len(a), tb, PMIP6_A_HNP_MAX) &&
	       a_is(tb[PMIP6_A_HNP_PREFIX], &p, sizeof(p));
}

static int do_req(FIXTURE_DATA(n) *self)
{
	return rnl_transact(&self->sk, &self->req, &self->rep);
}

static int set_role(FIXTURE_DATA(n) *self, uint32_t role, const char *local)
{
	size_t nest;

	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_SET,
		     PMIP6_GENL_VERSION);
	nest = rnl_nest_start(&self->req, PMIP6_A_INSTANCE);
	rnl_put_u32(&self->req, PMIP6_A_INSTANCE_ROLE, role);
	if (local) {
		struct in6_addr a = addr6(local);

		rnl_put(&self->req, PMIP6_A_INSTANCE_LOCAL_ADDR, &a, sizeof(a));
	}
	rnl_nest_end(&self->req, nest);
	return do_req(self);
}

/* BCE of MN1 with @bid; NEW/SET carry a whole entry, DEL only the key. */
static int bce(FIXTURE_DATA(n) *self, uint8_t cmd, uint16_t bid, uint8_t pri)
{
	struct rnl_req *r = &self->req;
	size_t nest;

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_BCE);
	rnl_put(r, PMIP6_A_BCE_MN_ID, MN1, strlen(MN1));
	put_u16(r, PMIP6_A_BCE_BID, bid);
	if (cmd != PMIP6_CMD_BCE_DEL) {
		struct in6_addr coa = addr6(PEER);

		rnl_put_u8(r, PMIP6_A_BCE_BID_PRI, pri);
		rnl_put(r, PMIP6_A_BCE_PROXY_COA, &coa, sizeof(coa));
		put_hnp(r, PMIP6_A_BCE_HNP, "2001:db8:1::");
	}
	rnl_nest_end(r, nest);
	return do_req(self);
}

/* FMC entry of MN1 with @fid; @bids 0-terminated. */
static int fmc(FIXTURE_DATA(n) *self, uint8_t cmd, uint16_t fid, uint16_t pri,
	       const uint16_t *bids)
{
	struct rnl_req *r = &self->req;
	size_t nest;

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_FMC);
	rnl_put(r, PMIP6_A_FMC_MN_ID, MN1, strlen(MN1));
	put_u16(r, PMIP6_A_FMC_FID, fid);
	if (cmd != PMIP6_CMD_FMC_DEL) {
		put_u16(r, PMIP6_A_FMC_FID_PRI, pri);
		for (; *bids; bids++)
			put_u16(r, PMIP6_A_FMC_BID, *bids);
	}
	rnl_nest_end(r, nest);
	return do_req(self);
}

/* A BUL entry of MN1; @bid 0: none. */
static int bul_bid(FIXTURE_DATA(n) *self, uint8_t cmd, const char *hnp, uint16_t bid)
{
	struct rnl_req *r = &self->req;
	size_t nest;

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_BUL);
	rnl_put(r, PMIP6_A_BUL_MN_ID, MN1, strlen(MN1));
	if (cmd != PMIP6_CMD_BUL_DEL) {
		struct in6_addr lma = addr6(LMA);

		rnl_put(r, PMIP6_A_BUL_LMA_ADDR, &lma, sizeof(lma));
		rnl_put_u32(r, PMIP6_A_BUL_IFINDEX, self->acc);
		if (bid)
			put_u16(r, PMIP6_A_BUL_BID, bid);
		put_hnp(r, PMIP6_A_BUL_HNP, hnp);
	}
	rnl_nest_end(r, nest);
	return do_req(self);
}

static int bul(FIXTURE_DATA(n) *self, uint8_t cmd, const char *hnp)
{
	return bul_bid(self, cmd, hnp, 0);
}

static int ro(FIXTURE_DATA(n) *self, uint8_t cmd, const char *src, const char *dst,
	      uint32_t lifetime)
{
	struct rnl_req *r = &self->req;
	size_t nest;

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_RO);
	put_hnp(r, PMIP6_A_RO_SRC_HNP, src);
	put_hnp(r, PMIP6_A_RO_DST_HNP, dst);
	if (cmd == PMIP6_CMD_RO_NEW || cmd == PMIP6_CMD_RO_SET) {
		struct in6_addr peer = addr6(PEER);

		rnl_put(r, PMIP6_A_RO_PEER_ADDR, &peer, sizeof(peer));
		rnl_put_u32(r, PMIP6_A_RO_LIFETIME, lifetime);
		rnl_put_u8(r, PMIP6_A_RO_OWNER, PMIP6_RO_OWNER_MAG);
	}
	rnl_nest_end(r, nest);
	return do_req(self);
}

/* Entries a dump of @cmd returns; -errno on error. */
static long dump_count(FIXTURE_DATA(n) *self, uint8_t cmd)
{
	static unsigned char buf[1 << 16] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t seq = ++self->sk.seq;
	long count = 0;

	rnl_req_init(&self->req, self->fam, NLM_F_REQUEST | NLM_F_DUMP, cmd,
		     PMIP6_GENL_VERSION);
	self->req.u.nlh.nlmsg_seq = seq;
	if (sendto(self->sk.fd, self->req.u.buf, self->req.u.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(self->sk.fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		for (nlh = (const void *)buf; NLMSG_OK(nlh, (size_t)n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ((const struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return count;
			count++;
		}
	}
}

/* Asserts the next notification's command and change, and its timestamp. */
#define EXPECT_NTF(cmd_, change_)						\
	do {									\
		ASSERT_EQ(0, next_ntf(self));					\
		ASSERT_EQ(cmd_, self->ntf.cmd);					\
		ASSERT_EQ(change_, self->ntf.change);				\
		ASSERT_NE(0, self->ntf.ts);					\
	} while (0)

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

FIXTURE_SETUP(n)
{
	int rc;

	self->sk.fd = self->lsn.fd = -1;
	ASSERT_EQ(0, unshare(CLONE_NEWNET))
		TH_LOG("unshare(CLONE_NEWNET): %s (needs root)", strerror(errno));
	ASSERT_EQ(0, system("ip link add acc0 type dummy && ip link set acc0 up"));
	self->acc = if_nametoindex("acc0");
	ASSERT_NE(0, self->acc);
	rc = rnl_open(&self->sk);
	ASSERT_EQ(0, rc) TH_LOG("netlink socket: %s", strerror(-rc));
	rc = resolve(&self->sk, &self->fam, &self->grp);
	ASSERT_EQ(0, rc) TH_LOG("family %s: %s", PMIP6_GENL_NAME, strerror(-rc));
	rc = listener(&self->lsn, self->grp);
	ASSERT_EQ(0, rc) TH_LOG("joining the events group: %s", strerror(-rc));
}

FIXTURE_TEARDOWN(n)
{
	rnl_close(&self->lsn);
	rnl_close(&self->sk);
}

TEST_F(n, instance_new_set)
{
	struct in6_addr local = addr6("2001:db8:ff::1");

	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA, NULL)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(PMIP6_ROLE_LMA, a_u32(self->ntf.obj[PMIP6_A_INSTANCE_ROLE]));
	EXPECT_EQ(NULL, self->ntf.obj[PMIP6_A_INSTANCE_LOCAL_ADDR]);
	EXPECT_NE(NULL, self->ntf.obj[PMIP6_A_INSTANCE_IFINDEX]);

	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA, "2001:db8:ff::1"));
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_SET);
	EXPECT_TRUE(a_is(self->ntf.obj[PMIP6_A_INSTANCE_LOCAL_ADDR], &local, sizeof(local)));
}

TEST_F(n, bce_fmc_new_set_del_activity)
{
	static const uint16_t b1[] = { 1, 0 }, b12[] = { 1, 2, 0 };

	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA, NULL));
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_NEW);

	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_NEW, 1, 10)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_NEW);
	EXPECT_TRUE(a_is(self->ntf.obj[PMIP6_A_BCE_MN_ID], MN1, strlen(MN1)));
	EXPECT_EQ(1, a_u16(self->ntf.obj[PMIP6_A_BCE_BID]));
	EXPECT_EQ(10, a_u8(self->ntf.obj[PMIP6_A_BCE_BID_PRI]));
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_BCE_HNP], "2001:db8:1::"));
	EXPECT_NE(NULL, self->ntf.obj[PMIP6_A_BCE_COUNTERS]);

	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_SET, 1, 5));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_SET);
	EXPECT_EQ(5, a_u8(self->ntf.obj[PMIP6_A_BCE_BID_PRI]));

	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_NEW, 2, 20));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(2, a_u16(self->ntf.obj[PMIP6_A_BCE_BID]));

	ASSERT_EQ(0, fmc(self, PMIP6_CMD_FMC_NEW, 7, 10, b1)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_NEW);
	EXPECT_TRUE(a_is(self->ntf.obj[PMIP6_A_FMC_MN_ID], MN1, strlen(MN1)));
	EXPECT_EQ(7, a_u16(self->ntf.obj[PMIP6_A_FMC_FID]));
	EXPECT_EQ(1, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));

	ASSERT_EQ(0, fmc(self, PMIP6_CMD_FMC_SET, 7, 30, b1));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_SET);
	EXPECT_EQ(30, a_u16(self->ntf.obj[PMIP6_A_FMC_FID_PRI]));

	ASSERT_EQ(0, fmc(self, PMIP6_CMD_FMC_NEW, 8, 40, b12));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(8, a_u16(self->ntf.obj[PMIP6_A_FMC_FID]));

	/*
	 * BCE 1 goes: entry 7 (BID 1 only) becomes inactive, entry 8 keeps
	 * BID 2 and stays active (RFC 7864 5.2). The BCE's own first.
	 */
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_DEL, 1, 0));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_DEL);
	EXPECT_EQ(1, a_u16(self->ntf.obj[PMIP6_A_BCE_BID]));
	EXPECT_EQ(5, a_u8(self->ntf.obj[PMIP6_A_BCE_BID_PRI]));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_ACTIVITY);
	EXPECT_EQ(7, a_u16(self->ntf.obj[PMIP6_A_FMC_FID]));
	EXPECT_EQ(0, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));

	/* BCE 2 goes: now entry 8 flips, and only it. */
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_DEL, 2, 0));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_DEL);
	EXPECT_EQ(2, a_u16(self->ntf.obj[PMIP6_A_BCE_BID]));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_ACTIVITY);
	EXPECT_EQ(8, a_u16(self->ntf.obj[PMIP6_A_FMC_FID]));
	EXPECT_EQ(0, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));

	/* BCE 1 is back: both entries name it and become active again. */
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_NEW, 1, 10));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_NEW);
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_ACTIVITY);
	EXPECT_EQ(7, a_u16(self->ntf.obj[PMIP6_A_FMC_FID]));
	EXPECT_EQ(1, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_ACTIVITY);
	EXPECT_EQ(8, a_u16(self->ntf.obj[PMIP6_A_FMC_FID]));
	EXPECT_EQ(1, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));

	ASSERT_EQ(0, fmc(self, PMIP6_CMD_FMC_DEL, 7, 0, b1));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_DEL);
	EXPECT_EQ(7, a_u16(self->ntf.obj[PMIP6_A_FMC_FID]));
	EXPECT_EQ(30, a_u16(self->ntf.obj[PMIP6_A_FMC_FID_PRI]));
}

/*
 * The timestamp is the kernel's CLOCK_REALTIME at the change (what
 * bench/flowmove.sh sets against SO_TIMESTAMPNS): after the request was
 * sent, before the listener got the notification, and never decreasing
 * along the notifications (the changes are serialized by conf_lock).
 */
TEST_F(n, timestamp)
{
	static const uint16_t b1[] = { 1, 0 };
	uint64_t before, after, prev = 0;
	size_t nest;

	before = realtime_ns();
	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA, NULL));
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_NEW);
	after = realtime_ns();
	EXPECT_LE(before, self->ntf.ts);
	EXPECT_GE(after, self->ntf.ts);
	prev = self->ntf.ts;

	before = realtime_ns();
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_NEW, 1, 10));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_NEW);
	EXPECT_LE(before, self->ntf.ts);
	EXPECT_LE(prev, self->ntf.ts);
	prev = self->ntf.ts;
	ASSERT_EQ(0, fmc(self, PMIP6_CMD_FMC_NEW, 7, 10, b1));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_NEW);
	EXPECT_LE(prev, self->ntf.ts);
	prev = self->ntf.ts;
	/* A removal's notification is built before the unlink, stamped after. */
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_DEL, 1, 0));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_DEL);
	EXPECT_LE(prev, self->ntf.ts);
	prev = self->ntf.ts;
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_ACTIVITY);
	EXPECT_LE(prev, self->ntf.ts);
	after = realtime_ns();
	EXPECT_GE(after, self->ntf.ts);

	/* Only the kernel sets it: a request carrying one is refused. */
	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_SET,
		     PMIP6_GENL_VERSION);
	nest = rnl_nest_start(&self->req, PMIP6_A_INSTANCE);
	rnl_put_u32(&self->req, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	rnl_nest_end(&self->req, nest);
	rnl_put_u64(&self->req, PMIP6_A_TIMESTAMP, 1);
	EXPECT_EQ(-EINVAL, do_req(self));
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_NEW, 2, 10));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(2, a_u16(self->ntf.obj[PMIP6_A_BCE_BID]));
}

TEST_F(n, bul_ro_new_set_del)
{
	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_MAG, NULL));
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(PMIP6_ROLE_MAG, a_u32(self->ntf.obj[PMIP6_A_INSTANCE_ROLE]));

	ASSERT_EQ(0, bul(self, PMIP6_CMD_BUL_NEW, "2001:db8:1::")) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_NTF(PMIP6_CMD_BUL_NTF, PMIP6_CHANGE_NEW);
	EXPECT_TRUE(a_is(self->ntf.obj[PMIP6_A_BUL_MN_ID], MN1, strlen(MN1)));
	EXPECT_EQ(self->acc, a_u32(self->ntf.obj[PMIP6_A_BUL_IFINDEX]));
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_BUL_HNP], "2001:db8:1::"));

	ASSERT_EQ(0, bul(self, PMIP6_CMD_BUL_SET, "2001:db8:5::"));
	EXPECT_NTF(PMIP6_CMD_BUL_NTF, PMIP6_CHANGE_SET);
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_BUL_HNP], "2001:db8:5::"));

	ASSERT_EQ(0, bul(self, PMIP6_CMD_BUL_DEL, NULL));
	EXPECT_NTF(PMIP6_CMD_BUL_NTF, PMIP6_CHANGE_DEL);
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_BUL_HNP], "2001:db8:5::"));

	ASSERT_EQ(0, ro(self, PMIP6_CMD_RO_NEW, "2001:db8:1::", "2001:db8:2::", 100))
		TH_LOG("%s", self->rep.ack.msg);
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_NEW);
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_RO_SRC_HNP], "2001:db8:1::"));
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_RO_DST_HNP], "2001:db8:2::"));
	EXPECT_EQ(100, a_u32(self->ntf.obj[PMIP6_A_RO_LIFETIME]));

	ASSERT_EQ(0, ro(self, PMIP6_CMD_RO_SET, "2001:db8:1::", "2001:db8:2::", 200));
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_SET);
	EXPECT_EQ(200, a_u32(self->ntf.obj[PMIP6_A_RO_LIFETIME]));

	ASSERT_EQ(0, ro(self, PMIP6_CMD_RO_DEL, "2001:db8:1::", "2001:db8:2::", 0));
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_DEL);
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_RO_SRC_HNP], "2001:db8:1::"));
	EXPECT_EQ(200, a_u32(self->ntf.obj[PMIP6_A_RO_LIFETIME]));
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_RO_GET));
}

/* On a MAG, FMC entries follow the BID of the MN's BUL entry (RFC 7864 5.2). */
TEST_F(n, mag_fmc_activity)
{
	static const uint16_t b3[] = { 3, 0 };

	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_MAG, NULL));
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_NEW);
	ASSERT_EQ(0, bul_bid(self, PMIP6_CMD_BUL_NEW, "2001:db8:1::", 3))
		TH_LOG("%s", self->rep.ack.msg);
	EXPECT_NTF(PMIP6_CMD_BUL_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(3, a_u16(self->ntf.obj[PMIP6_A_BUL_BID]));
	ASSERT_EQ(0, fmc(self, PMIP6_CMD_FMC_NEW, 4, 1, b3)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(1, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));

	/* Another BID: the BUL entry's notification, then the flip. */
	ASSERT_EQ(0, bul_bid(self, PMIP6_CMD_BUL_SET, "2001:db8:1::", 9));
	EXPECT_NTF(PMIP6_CMD_BUL_NTF, PMIP6_CHANGE_SET);
	EXPECT_EQ(9, a_u16(self->ntf.obj[PMIP6_A_BUL_BID]));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_ACTIVITY);
	EXPECT_EQ(4, a_u16(self->ntf.obj[PMIP6_A_FMC_FID]));
	EXPECT_EQ(0, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));
	ASSERT_EQ(0, bul_bid(self, PMIP6_CMD_BUL_SET, "2001:db8:1::", 3));
	EXPECT_NTF(PMIP6_CMD_BUL_NTF, PMIP6_CHANGE_SET);
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_ACTIVITY);
	EXPECT_EQ(1, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));

	/* Deregistered: inactive. */
	ASSERT_EQ(0, bul(self, PMIP6_CMD_BUL_DEL, NULL));
	EXPECT_NTF(PMIP6_CMD_BUL_NTF, PMIP6_CHANGE_DEL);
	EXPECT_EQ(3, a_u16(self->ntf.obj[PMIP6_A_BUL_BID]));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_ACTIVITY);
	EXPECT_EQ(0, a_u8(self->ntf.obj[PMIP6_A_FMC_ACTIVE]));
	ASSERT_EQ(0, fmc(self, PMIP6_CMD_FMC_DEL, 4, 0, b3));
	EXPECT_NTF(PMIP6_CMD_FMC_NTF, PMIP6_CHANGE_DEL);
}

TEST_F(n, ro_expired)
{
	struct timespec t0, t1;
	double waited;

	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_MAG, NULL));
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_NEW);

	/* A long-lived state, that must outlive the short one. */
	ASSERT_EQ(0, ro(self, PMIP6_CMD_RO_NEW, "2001:db8:3::", "2001:db8:4::", 600));
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_NEW);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, ro(self, PMIP6_CMD_RO_NEW, "2001:db8:1::", "2001:db8:2::", 1));
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(2, dump_count(self, PMIP6_CMD_RO_GET));

	/* Nothing else happens in this netns: the next one is the expiry. */
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_EXPIRED);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	waited = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	EXPECT_GE(waited, 0.9) TH_LOG("expired after %.2f s", waited);
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_RO_SRC_HNP], "2001:db8:1::"));
	EXPECT_TRUE(a_hnp(self->ntf.obj[PMIP6_A_RO_DST_HNP], "2001:db8:2::"));
	EXPECT_EQ(1, a_u32(self->ntf.obj[PMIP6_A_RO_LIFETIME]));
	EXPECT_EQ(0, a_u32(self->ntf.obj[PMIP6_A_RO_REMAINING]));

	/* Gone from a dump; the other one stays. */
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_RO_GET));
	ro(self, PMIP6_CMD_RO_GET, "2001:db8:1::", "2001:db8:2::", 0);
	EXPECT_EQ(-ENOENT, self->rep.ack.error);
	ASSERT_EQ(0, ro(self, PMIP6_CMD_RO_GET, "2001:db8:3::", "2001:db8:4::", 0));

	/* A refreshed state does not expire at its first deadline. */
	ASSERT_EQ(0, ro(self, PMIP6_CMD_RO_NEW, "2001:db8:5::", "2001:db8:6::", 1));
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_NEW);
	ASSERT_EQ(0, ro(self, PMIP6_CMD_RO_SET, "2001:db8:5::", "2001:db8:6::", 2));
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_SET);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_NTF(PMIP6_CMD_RO_NTF, PMIP6_CHANGE_EXPIRED);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	waited = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	EXPECT_GE(waited, 1.5) TH_LOG("expired after %.2f s", waited);
	EXPECT_EQ(2, a_u32(self->ntf.obj[PMIP6_A_RO_LIFETIME]));
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_RO_GET));
}

TEST_F(n, rejected_sends_nothing)
{
	static const uint16_t b9[] = { 9, 0 };

	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA, NULL));
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_NEW);
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_NEW, 1, 10));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_NEW);

	/* Each refused, and so silent. */
	EXPECT_EQ(-EEXIST, bce(self, PMIP6_CMD_BCE_NEW, 1, 10));
	EXPECT_EQ(-ENOENT, bce(self, PMIP6_CMD_BCE_SET, 2, 10));
	EXPECT_EQ(-ENOENT, bce(self, PMIP6_CMD_BCE_DEL, 2, 0));
	EXPECT_EQ(-ENOENT, fmc(self, PMIP6_CMD_FMC_NEW, 1, 1, b9));
	EXPECT_EQ(-EOPNOTSUPP, bul(self, PMIP6_CMD_BUL_NEW, "2001:db8:1::"));
	EXPECT_EQ(-EBUSY, set_role(self, PMIP6_ROLE_MAG, NULL));

	/* The next notification is the next successful change's. */
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_DEL, 1, 0));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_DEL);
	EXPECT_EQ(1, a_u16(self->ntf.obj[PMIP6_A_BCE_BID]));
}

TEST_F(n, other_netns_sees_nothing)
{
	struct rnl_sock bsk = { .fd = -1 }, blsn = { .fd = -1 };
	struct ntf *b = &self->ntf;
	int here, rc;

	/* Netns B: its own request socket and listener. */
	here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ASSERT_GE(here, 0);
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, rnl_open(&bsk));
	rc = listener(&blsn, self->grp);
	ASSERT_EQ(0, rc) TH_LOG("%s", strerror(-rc));
	ASSERT_EQ(0, setns(here, CLONE_NEWNET));
	close(here);

	/* A change in A, then one in B. */
	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA, NULL));
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_NEW, 1, 10));
	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_SET,
		     PMIP6_GENL_VERSION);
	{
		size_t nest = rnl_nest_start(&self->req, PMIP6_A_INSTANCE);

		rnl_put_u32(&self->req, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_MAG);
		rnl_nest_end(&self->req, nest);
	}
	ASSERT_EQ(0, rnl_transact(&bsk, &self->req, &self->rep)) TH_LOG("%s", self->rep.ack.msg);

	/* B's listener: B's change first, none of A's. */
	ASSERT_EQ(0, next_ntf_on(&blsn, self->fam, b));
	EXPECT_EQ(PMIP6_CMD_INSTANCE_NTF, b->cmd);
	EXPECT_EQ(PMIP6_ROLE_MAG, a_u32(b->obj[PMIP6_A_INSTANCE_ROLE]));

	/* A's listener: A's changes, not B's. */
	EXPECT_NTF(PMIP6_CMD_INSTANCE_NTF, PMIP6_CHANGE_NEW);
	EXPECT_EQ(PMIP6_ROLE_LMA, a_u32(self->ntf.obj[PMIP6_A_INSTANCE_ROLE]));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_NEW);
	ASSERT_EQ(0, bce(self, PMIP6_CMD_BCE_DEL, 1, 0));
	EXPECT_NTF(PMIP6_CMD_BCE_NTF, PMIP6_CHANGE_DEL);

	rnl_close(&blsn);
	rnl_close(&bsk);
}

TEST_HARNESS_MAIN
