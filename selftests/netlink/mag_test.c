// SPDX-License-Identifier: GPL-2.0
/*
 * The MAG's binding update list and the localized routing states over the
 * pmip6 family (BUL_* and RO_* in Documentation/netlink/specs/pmip6.yaml),
 * over raw netlink (rawnl.h) so that malformed requests can be sent. Each
 * test runs in a fresh network namespace with a dummy access interface
 * acc0, whose instance has role mag.
 *
 * Success paths: new/get/set/del/dump of BUL entries (on-link and off-link
 * HNPs, RFC 7864 section 4.1) and RO states (draft-loureiro-netext-
 * pmipv6-ro-02), the RO lifetime counting down in GET, RO states on an
 * LMA, dumps resumed over many parts, role changes refused while entries
 * exist.
 *
 * Bad input: every refusal carries an errno and an extack message, and the
 * state is unchanged (generation and dump counts as before).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "kselftest_harness.h"
#include "rawnl.h"

#define MN1 "mn1@example.org"
#define MN2 "mn2@example.org"
#define LMA "2001:db8:ffff::1"
#define PEER "2001:db8:eeee::2"

static struct in6_addr addr6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

static size_t put_hnp(struct rnl_req *r, uint16_t type, const char *prefix, uint8_t len)
{
	struct in6_addr a = addr6(prefix);
	size_t nest = rnl_nest_start(r, type);

	rnl_put(r, PMIP6_A_HNP_PREFIX, &a, sizeof(a));
	rnl_put_u8(r, PMIP6_A_HNP_PREFIX_LEN, len);
	rnl_nest_end(r, nest);
	return nest;
}

/* A BUL request; on and off are NULL-terminated lists of /64 prefixes. */
struct bul {
	const char *mn;
	const char *lma;	/* NULL: LMA */
	const char *ll;		/* NULL: none */
	uint32_t ifindex;	/* 0: the fixture's acc0 */
	const char *on[4];
	const char *off[4];
};

FIXTURE(m) {
	struct rnl_sock sk;
	uint16_t fam;
	uint32_t acc;
	uint16_t bul_bid;	/* PMIP6_A_BUL_BID of BUL NEW/SET; 0: none */
	struct rnl_req req;
	struct rnl_reply rep;
};

static void bul_req(FIXTURE_DATA(m) *self, uint8_t cmd, const struct bul *b, size_t *outer)
{
	struct rnl_req *r = &self->req;
	size_t nest;

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_BUL);
	rnl_put(r, PMIP6_A_BUL_MN_ID, b->mn, strlen(b->mn));
	if (cmd == PMIP6_CMD_BUL_NEW || cmd == PMIP6_CMD_BUL_SET) {
		struct in6_addr lma = addr6(b->lma ? b->lma : LMA);

		rnl_put(r, PMIP6_A_BUL_LMA_ADDR, &lma, sizeof(lma));
		rnl_put_u32(r, PMIP6_A_BUL_IFINDEX, b->ifindex ? b->ifindex : self->acc);
		if (self->bul_bid)
			rnl_put(r, PMIP6_A_BUL_BID, &self->bul_bid, sizeof(self->bul_bid));
		if (b->ll) {
			struct in6_addr ll = addr6(b->ll);

			rnl_put(r, PMIP6_A_BUL_MN_LL_ADDR, &ll, sizeof(ll));
		}
		for (int i = 0; i < 4 && b->on[i]; i++)
			put_hnp(r, PMIP6_A_BUL_HNP, b->on[i], 64);
		for (int i = 0; i < 4 && b->off[i]; i++)
			put_hnp(r, PMIP6_A_BUL_OFFLINK_HNP, b->off[i], 64);
	}
	if (outer)
		*outer = nest;
	else
		rnl_nest_end(r, nest);
}

/* An RO request. */
struct ro {
	const char *src, *dst;
	const char *peer;	/* NULL: PEER */
	uint32_t lifetime;
	uint8_t owner;		/* 0: mag */
};

static void ro_req(FIXTURE_DATA(m) *self, uint8_t cmd, const struct ro *o, size_t *outer)
{
	struct rnl_req *r = &self->req;
	size_t nest;

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_RO);
	put_hnp(r, PMIP6_A_RO_SRC_HNP, o->src, 64);
	put_hnp(r, PMIP6_A_RO_DST_HNP, o->dst, 64);
	if (cmd == PMIP6_CMD_RO_NEW || cmd == PMIP6_CMD_RO_SET) {
		struct in6_addr peer = addr6(o->peer ? o->peer : PEER);

		rnl_put(r, PMIP6_A_RO_PEER_ADDR, &peer, sizeof(peer));
		rnl_put_u32(r, PMIP6_A_RO_LIFETIME, o->lifetime);
		rnl_put_u8(r, PMIP6_A_RO_OWNER, o->owner ? o->owner : PMIP6_RO_OWNER_MAG);
	}
	if (outer)
		*outer = nest;
	else
		rnl_nest_end(r, nest);
}

static int do_req(FIXTURE_DATA(m) *self)
{
	return rnl_transact(&self->sk, &self->req, &self->rep);
}

static int bul_cmd(FIXTURE_DATA(m) *self, uint8_t cmd, const struct bul *b)
{
	bul_req(self, cmd, b, NULL);
	return do_req(self);
}

static int ro_cmd(FIXTURE_DATA(m) *self, uint8_t cmd, const struct ro *o)
{
	ro_req(self, cmd, o, NULL);
	return do_req(self);
}

static int set_role(FIXTURE_DATA(m) *self, uint32_t role)
{
	size_t nest;

	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_SET,
		     PMIP6_GENL_VERSION);
	nest = rnl_nest_start(&self->req, PMIP6_A_INSTANCE);
	rnl_put_u32(&self->req, PMIP6_A_INSTANCE_ROLE, role);
	rnl_nest_end(&self->req, nest);
	return do_req(self);
}

static uint32_t generation(FIXTURE_DATA(m) *self)
{
	const struct nlattr *tb[PMIP6_A_MAX + 1], *it[PMIP6_A_INSTANCE_MAX + 1];
	const void *attrs;
	uint32_t gen = 0;
	size_t len;

	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_GET,
		     PMIP6_GENL_VERSION);
	if (do_req(self))
		return 0;
	attrs = rnl_reply_attrs(&self->rep, &len);
	if (!attrs || rnl_parse(attrs, len, tb, PMIP6_A_MAX) || !tb[PMIP6_A_INSTANCE] ||
	    rnl_parse(rnl_attr_data(tb[PMIP6_A_INSTANCE]), rnl_attr_len(tb[PMIP6_A_INSTANCE]),
		      it, PMIP6_A_INSTANCE_MAX) || !it[PMIP6_A_INSTANCE_GENERATION])
		return 0;
	memcpy(&gen, rnl_attr_data(it[PMIP6_A_INSTANCE_GENERATION]), sizeof(gen));
	return gen;
}

/* The inner nest of the reply of a GET do, parsed into tb; *nest gets it whole. */
static int reply_nest(FIXTURE_DATA(m) *self, int type, const struct nlattr **tb,
		      unsigned int max, const struct nlattr **nest)
{
	const struct nlattr *top[PMIP6_A_MAX + 1];
	const void *attrs;
	size_t len;

	attrs = rnl_reply_attrs(&self->rep, &len);
	if (!attrs || rnl_parse(attrs, len, top, PMIP6_A_MAX) || !top[type])
		return -EPROTO;
	if (nest)
		*nest = top[type];
	return rnl_parse(rnl_attr_data(top[type]), rnl_attr_len(top[type]), tb, max);
}

static uint8_t get_u8(const struct nlattr *a)
{
	return a ? *(const uint8_t *)rnl_attr_data(a) : 0xee;
}

static uint32_t get_u32(const struct nlattr *a)
{
	uint32_t v = 0xeeeeeeee;

	if (a)
		memcpy(&v, rnl_attr_data(a), sizeof(v));
	return v;
}

static bool attr_is_addr(const struct nlattr *a, const char *s)
{
	struct in6_addr want = addr6(s);

	return a && rnl_attr_len(a) == 16 && !memcmp(rnl_attr_data(a), &want, 16);
}

/* The prefix of an HNP nest is s. */
static bool hnp_is(const struct nlattr *nest, const char *s)
{
	const struct nlattr *tb[PMIP6_A_HNP_MAX + 1];

	if (!nest || rnl_parse(rnl_attr_data(nest), rnl_attr_len(nest), tb, PMIP6_A_HNP_MAX))
		return false;
	return attr_is_addr(tb[PMIP6_A_HNP_PREFIX], s) && get_u8(tb[PMIP6_A_HNP_PREFIX_LEN]) == 64;
}

static int count_type(const struct nlattr *nest, uint16_t type)
{
	const unsigned char *p = rnl_attr_data(nest);
	size_t pos = 0, len = rnl_attr_len(nest);
	int n = 0;

	while (pos + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const void *)(p + pos);

		n += (a->nla_type & NLA_TYPE_MASK) == type;
		pos += NLA_ALIGN(a->nla_len);
	}
	return n;
}

/* Dump cmd: the number of entries, or -1 on error or NLM_F_DUMP_INTR. */
static long dump_count(FIXTURE_DATA(m) *self, uint8_t cmd, int *parts)
{
	static unsigned char buf[1 << 16] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t seq = ++self->sk.seq;
	long count = 0;

	if (parts)
		*parts = 0;
	rnl_req_init(&self->req, self->fam, NLM_F_REQUEST | NLM_F_DUMP, cmd,
		     PMIP6_GENL_VERSION);
	self->req.u.nlh.nlmsg_seq = seq;
	if (sendto(self->sk.fd, self->req.u.buf, self->req.u.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	for (;;) {
		ssize_t n = recv(self->sk.fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *nlh;

		if (n < 0)
			return -1;
		if (parts)
			(*parts)++;
		for (nlh = (const void *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				return -1;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return -1;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return count;
			if (nlh->nlmsg_type == self->fam)
				count++;
		}
	}
}

FIXTURE_SETUP(m)
{
	uint32_t ver;
	int rc;

	self->sk.fd = -1;
	ASSERT_EQ(0, unshare(CLONE_NEWNET))
		TH_LOG("unshare(CLONE_NEWNET): %s (needs root)", strerror(errno));
	/* The child of system() runs in this new netns too. */
	ASSERT_EQ(0, system("ip link add acc0 type dummy && ip link set acc0 up"));
	self->acc = if_nametoindex("acc0");
	ASSERT_NE(0, self->acc);
	rc = rnl_open(&self->sk);
	ASSERT_EQ(0, rc) TH_LOG("netlink socket: %s", strerror(-rc));
	rc = rnl_genl_resolve(&self->sk, PMIP6_GENL_NAME, &self->fam, &ver);
	ASSERT_EQ(0, rc) TH_LOG("family %s: %s", PMIP6_GENL_NAME, strerror(-rc));
	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_MAG)) TH_LOG("%s", self->rep.ack.msg);
}

FIXTURE_TEARDOWN(m)
{
	rnl_close(&self->sk);
}

/* RFC 7864 Figure 5: MN1 hosts pref1 on this MAG, pref2 moved here off-link. */
static const struct bul mn1 = {
	MN1, NULL, "fe80::1", 0, { "2001:db8:1::", "2001:db8:3::" }, { "2001:db8:2::" }
};

TEST_F(m, bul_new_get_set_del)
{
	const struct nlattr *tb[PMIP6_A_BUL_MAX + 1], *ct[PMIP6_A_COUNTERS_MAX + 1], *nest;
	struct bul b = mn1;

	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &b)) TH_LOG("%s", self->rep.ack.msg);

	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_GET, &b)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_BUL, tb, PMIP6_A_BUL_MAX, &nest));
	ASSERT_NE(NULL, tb[PMIP6_A_BUL_MN_ID]);
	EXPECT_EQ(strlen(MN1), rnl_attr_len(tb[PMIP6_A_BUL_MN_ID]));
	EXPECT_TRUE(attr_is_addr(tb[PMIP6_A_BUL_LMA_ADDR], LMA));
	EXPECT_TRUE(attr_is_addr(tb[PMIP6_A_BUL_MN_LL_ADDR], "fe80::1"));
	EXPECT_EQ(self->acc, get_u32(tb[PMIP6_A_BUL_IFINDEX]));
	EXPECT_EQ(2, count_type(nest, PMIP6_A_BUL_HNP));
	EXPECT_EQ(1, count_type(nest, PMIP6_A_BUL_OFFLINK_HNP));
	EXPECT_TRUE(hnp_is(tb[PMIP6_A_BUL_OFFLINK_HNP], "2001:db8:2::"));
	ASSERT_NE(NULL, tb[PMIP6_A_BUL_COUNTERS]);
	ASSERT_EQ(0, rnl_parse(rnl_attr_data(tb[PMIP6_A_BUL_COUNTERS]),
			       rnl_attr_len(tb[PMIP6_A_BUL_COUNTERS]), ct, PMIP6_A_COUNTERS_MAX));
	EXPECT_NE(NULL, ct[PMIP6_A_COUNTERS_PACKETS_TX]);
	EXPECT_NE(NULL, ct[PMIP6_A_COUNTERS_BYTES_RX]);
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_BUL_GET, NULL));

	/* Same MN again: EEXIST, with a reason, and nothing changed. */
	{
		uint32_t gen = generation(self);
		struct bul dup = { MN1, NULL, NULL, 0, { "2001:db8:77::" }, { NULL } };

		EXPECT_EQ(-EEXIST, bul_cmd(self, PMIP6_CMD_BUL_NEW, &dup));
		EXPECT_TRUE(self->rep.ack.has_msg);
		TH_LOG("duplicate MN: %s", self->rep.ack.msg);
		EXPECT_EQ(gen, generation(self));
		EXPECT_EQ(1, dump_count(self, PMIP6_CMD_BUL_GET, NULL));
	}

	/*
	 * SET replaces the whole entry: pref3 goes, pref2 becomes on-link
	 * (the LMA moved it back, RFC 7864 section 3.2.2), no link-local.
	 */
	b = (struct bul){ MN1, "2001:db8:fffe::1", NULL, 0,
			  { "2001:db8:1::", "2001:db8:2::" }, { NULL } };
	EXPECT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_SET, &b)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_GET, &b));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_BUL, tb, PMIP6_A_BUL_MAX, &nest));
	EXPECT_TRUE(attr_is_addr(tb[PMIP6_A_BUL_LMA_ADDR], "2001:db8:fffe::1"));
	EXPECT_EQ(NULL, tb[PMIP6_A_BUL_MN_LL_ADDR]);
	EXPECT_EQ(2, count_type(nest, PMIP6_A_BUL_HNP));
	EXPECT_EQ(0, count_type(nest, PMIP6_A_BUL_OFFLINK_HNP));

	/* The prefix SET dropped is free for another MN now. */
	{
		struct bul o = { MN2, NULL, NULL, 0, { "2001:db8:3::" }, { NULL } };

		EXPECT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &o)) TH_LOG("%s", self->rep.ack.msg);
	}
	EXPECT_EQ(2, dump_count(self, PMIP6_CMD_BUL_GET, NULL));

	b.mn = "nobody";
	EXPECT_EQ(-ENOENT, bul_cmd(self, PMIP6_CMD_BUL_SET, &b));
	EXPECT_TRUE(self->rep.ack.has_msg);

	b.mn = MN1;
	EXPECT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_DEL, &b));
	EXPECT_EQ(-ENOENT, bul_cmd(self, PMIP6_CMD_BUL_GET, &b));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(-ENOENT, bul_cmd(self, PMIP6_CMD_BUL_DEL, &b));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_BUL_GET, NULL));

	/* Its prefixes went with it. */
	b = (struct bul){ "mn3", NULL, NULL, 0, { "2001:db8:2::" }, { "2001:db8:1::" } };
	EXPECT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &b)) TH_LOG("%s", self->rep.ack.msg);
}

TEST_F(m, bul_prefix_owner)
{
	struct bul other = { MN2, NULL, NULL, 0, { "2001:db8:1::" }, { NULL } };
	uint32_t gen;

	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &mn1)) TH_LOG("%s", self->rep.ack.msg);
	gen = generation(self);

	/* pref1 is MN1's on-link: MN2 may not have it. */
	EXPECT_EQ(-EADDRINUSE, bul_cmd(self, PMIP6_CMD_BUL_NEW, &other));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_TRUE(self->rep.ack.has_offs);
	TH_LOG("on-link of another MN: %s", self->rep.ack.msg);

	/* Nor MN1's off-link pref2, on-link or off-link. */
	other.on[0] = "2001:db8:2::";
	EXPECT_EQ(-EADDRINUSE, bul_cmd(self, PMIP6_CMD_BUL_NEW, &other));
	EXPECT_TRUE(self->rep.ack.has_msg);
	other.on[0] = "2001:db8:9::";
	other.off[0] = "2001:db8:2::";
	EXPECT_EQ(-EADDRINUSE, bul_cmd(self, PMIP6_CMD_BUL_NEW, &other));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_TRUE(self->rep.ack.has_offs);
	if (self->rep.ack.has_offs &&
	    self->rep.ack.offs + NLA_HDRLEN <= self->req.u.nlh.nlmsg_len) {
		const struct nlattr *bad = (const void *)(self->req.u.buf + self->rep.ack.offs);

		EXPECT_EQ(PMIP6_A_BUL_OFFLINK_HNP, bad->nla_type & NLA_TYPE_MASK)
			TH_LOG("extack points at the wrong attribute");
	}
	EXPECT_EQ(gen, generation(self));
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_BUL_GET, NULL));
	EXPECT_EQ(-ENOENT, bul_cmd(self, PMIP6_CMD_BUL_GET, &other));
}

TEST_F(m, role_rules)
{
	struct ro o = { "2001:db8:1::", "2001:db8:2::", NULL, 60, 0 };

	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &mn1)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(-EBUSY, set_role(self, PMIP6_ROLE_LMA));
	EXPECT_TRUE(self->rep.ack.has_msg);
	TH_LOG("role change with BUL: %s", self->rep.ack.msg);
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_DEL, &mn1));

	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &o)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(-EBUSY, set_role(self, PMIP6_ROLE_LMA));
	EXPECT_TRUE(self->rep.ack.has_msg);
	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_DEL, &o));
	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA)) TH_LOG("%s", self->rep.ack.msg);

	/* The BUL is the MAG's. */
	EXPECT_EQ(-EOPNOTSUPP, bul_cmd(self, PMIP6_CMD_BUL_NEW, &mn1));
	EXPECT_TRUE(self->rep.ack.has_msg);
	TH_LOG("BUL on an LMA: %s", self->rep.ack.msg);
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_BUL_GET, NULL));

	/* An LMA keeps RO states as controller or trigger, not as a MAG. */
	EXPECT_EQ(-EINVAL, ro_cmd(self, PMIP6_CMD_RO_NEW, &o));
	EXPECT_TRUE(self->rep.ack.has_msg);
	TH_LOG("owner mag on an LMA: %s", self->rep.ack.msg);
	o.owner = PMIP6_RO_OWNER_CONTROLLER;
	EXPECT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &o)) TH_LOG("%s", self->rep.ack.msg);
	o.owner = PMIP6_RO_OWNER_TRIGGER;
	EXPECT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_SET, &o)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_RO_GET, NULL));
	EXPECT_EQ(-EBUSY, set_role(self, PMIP6_ROLE_MAG));
}

/* Malformed BUL_NEW requests, each a valid one with one thing wrong. */
enum bad_bul {
	BB_PLEN_48, BB_HOST_BITS, BB_ON_AND_OFF, BB_DUP_ON, BB_NO_ONLINK,
	BB_17_ON, BB_17_OFF, BB_IFINDEX, BB_LL_LMA, BB_MCAST_LMA, BB_NO_LMA,
	BB_NO_IFINDEX, BB_GLOBAL_LL, BB_COUNTERS, BB_EMPTY_MNID, BB_MAX
};

static const char *const bb_names[BB_MAX] = {
	"prefix-len 48", "host bits set", "prefix on-link and off-link",
	"duplicate on-link prefix", "no on-link hnp", "17 on-link hnps",
	"17 off-link hnps", "unknown ifindex", "link-local lma-addr",
	"multicast lma-addr", "no lma-addr", "no ifindex",
	"global mn-ll-addr", "counters sent", "empty mn-id",
};

static void bad_bul(FIXTURE_DATA(m) *self, enum bad_bul k)
{
	struct rnl_req *r = &self->req;
	struct in6_addr a;
	size_t nest;
	char p[64];

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, PMIP6_CMD_BUL_NEW, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_BUL);
	if (k == BB_EMPTY_MNID)
		rnl_put(r, PMIP6_A_BUL_MN_ID, "", 0);
	else
		rnl_put(r, PMIP6_A_BUL_MN_ID, MN1, strlen(MN1));
	a = addr6(k == BB_LL_LMA ? "fe80::1" : k == BB_MCAST_LMA ? "ff0e::1" : LMA);
	if (k != BB_NO_LMA)
		rnl_put(r, PMIP6_A_BUL_LMA_ADDR, &a, sizeof(a));
	if (k != BB_NO_IFINDEX)
		rnl_put_u32(r, PMIP6_A_BUL_IFINDEX, k == BB_IFINDEX ? 9999 : self->acc);
	a = addr6(k == BB_GLOBAL_LL ? "2001:db8::1" : "fe80::1");
	rnl_put(r, PMIP6_A_BUL_MN_LL_ADDR, &a, sizeof(a));
	if (k == BB_COUNTERS) {
		size_t c = rnl_nest_start(r, PMIP6_A_BUL_COUNTERS);

		rnl_put_u64(r, PMIP6_A_COUNTERS_PACKETS_TX, 1);
		rnl_nest_end(r, c);
	}
	if (k == BB_PLEN_48)
		put_hnp(r, PMIP6_A_BUL_HNP, "2001:db8:1::", 48);
	else if (k == BB_HOST_BITS)
		put_hnp(r, PMIP6_A_BUL_HNP, "2001:db8:1::1", 64);
	else if (k != BB_NO_ONLINK)
		put_hnp(r, PMIP6_A_BUL_HNP, "2001:db8:1::", 64);
	put_hnp(r, PMIP6_A_BUL_OFFLINK_HNP, "2001:db8:2::", 64);
	if (k == BB_ON_AND_OFF)
		put_hnp(r, PMIP6_A_BUL_OFFLINK_HNP, "2001:db8:1::", 64);
	if (k == BB_DUP_ON)
		put_hnp(r, PMIP6_A_BUL_HNP, "2001:db8:1::", 64);
	if (k == BB_17_ON || k == BB_17_OFF) {
		for (int i = 0; i < 16; i++) {
			snprintf(p, sizeof(p), "2001:db8:%x::", 0x100 + i);
			put_hnp(r, k == BB_17_ON ? PMIP6_A_BUL_HNP : PMIP6_A_BUL_OFFLINK_HNP, p, 64);
		}
	}
	rnl_nest_end(r, nest);
}

TEST_F(m, bul_bad_input)
{
	/* 16 of each is the limit, not beyond it. */
	{
		struct bul ok = mn1;
		size_t nest;
		char p[64];

		bul_req(self, PMIP6_CMD_BUL_NEW, &ok, &nest);
		for (int i = 0; i < 13; i++) {
			snprintf(p, sizeof(p), "2001:db8:%x::", 0x200 + i);
			put_hnp(&self->req, PMIP6_A_BUL_HNP, p, 64);
			snprintf(p, sizeof(p), "2001:db8:%x::", 0x300 + i);
			put_hnp(&self->req, PMIP6_A_BUL_OFFLINK_HNP, p, 64);
		}
		/* 2 + 13 on-link, 1 + 13 off-link; one more of each. */
		put_hnp(&self->req, PMIP6_A_BUL_HNP, "2001:db8:400::", 64);
		put_hnp(&self->req, PMIP6_A_BUL_OFFLINK_HNP, "2001:db8:401::", 64);
		put_hnp(&self->req, PMIP6_A_BUL_OFFLINK_HNP, "2001:db8:402::", 64);
		rnl_nest_end(&self->req, nest);
		ASSERT_EQ(0, do_req(self)) TH_LOG("16+16 HNPs: %s", self->rep.ack.msg);
		ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_DEL, &ok));
	}

	for (int k = 0; k < BB_MAX; k++) {
		uint32_t gen = generation(self);
		int rc;

		bad_bul(self, k);
		rc = do_req(self);
		EXPECT_GT(0, rc) TH_LOG("%s: accepted", bb_names[k]);
		EXPECT_TRUE(self->rep.ack.has_msg || self->rep.ack.has_miss_type)
			TH_LOG("%s: no extack", bb_names[k]);
		TH_LOG("%s: %s (%s)", bb_names[k], strerror(-rc), self->rep.ack.msg);
		EXPECT_EQ(gen, generation(self)) TH_LOG("%s: state changed", bb_names[k]);
		EXPECT_EQ(0, dump_count(self, PMIP6_CMD_BUL_GET, NULL));
	}
	/* The specific errnos the spec promises. */
	bad_bul(self, BB_IFINDEX);
	EXPECT_EQ(-ENODEV, do_req(self));
	bad_bul(self, BB_ON_AND_OFF);
	EXPECT_EQ(-EINVAL, do_req(self));
	EXPECT_NE(NULL, strstr(self->rep.ack.msg, "on-link and off-link"));
}

static const struct ro ro1 = { "2001:db8:1::", "2001:db8:2::", NULL, 100, 0 };

TEST_F(m, ro_lifecycle)
{
	const struct nlattr *tb[PMIP6_A_RO_MAX + 1];
	struct ro o = ro1;
	uint32_t left, left2;

	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &o)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_GET, &o)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_RO, tb, PMIP6_A_RO_MAX, NULL));
	EXPECT_TRUE(hnp_is(tb[PMIP6_A_RO_SRC_HNP], "2001:db8:1::"));
	EXPECT_TRUE(hnp_is(tb[PMIP6_A_RO_DST_HNP], "2001:db8:2::"));
	EXPECT_TRUE(attr_is_addr(tb[PMIP6_A_RO_PEER_ADDR], PEER));
	EXPECT_EQ(100, get_u32(tb[PMIP6_A_RO_LIFETIME]));
	EXPECT_EQ(PMIP6_RO_OWNER_MAG, get_u8(tb[PMIP6_A_RO_OWNER]));
	EXPECT_NE(NULL, tb[PMIP6_A_RO_COUNTERS]);
	left = get_u32(tb[PMIP6_A_RO_REMAINING]);
	EXPECT_GE(100, left);
	EXPECT_LE(95, left);

	/* The lifetime counts down. */
	sleep(2);
	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_GET, &o));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_RO, tb, PMIP6_A_RO_MAX, NULL));
	left2 = get_u32(tb[PMIP6_A_RO_REMAINING]);
	TH_LOG("remaining %u s, then %u s", left, left2);
	EXPECT_GT(left, left2);
	EXPECT_LE(left - 5, left2);
	EXPECT_EQ(100, get_u32(tb[PMIP6_A_RO_LIFETIME]));

	/* The reverse direction is another state. */
	{
		struct ro rev = { "2001:db8:2::", "2001:db8:1::", NULL, 30, 0 };

		EXPECT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &rev)) TH_LOG("%s", self->rep.ack.msg);
	}

	/* Duplicate key: EEXIST, nothing changed. */
	{
		uint32_t gen = generation(self);
		struct ro dup = o;

		dup.lifetime = 5;
		dup.peer = "2001:db8:eeee::9";
		EXPECT_EQ(-EEXIST, ro_cmd(self, PMIP6_CMD_RO_NEW, &dup));
		EXPECT_TRUE(self->rep.ack.has_msg);
		TH_LOG("duplicate RO: %s", self->rep.ack.msg);
		EXPECT_EQ(gen, generation(self));
		ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_GET, &o));
		ASSERT_EQ(0, reply_nest(self, PMIP6_A_RO, tb, PMIP6_A_RO_MAX, NULL));
		EXPECT_TRUE(attr_is_addr(tb[PMIP6_A_RO_PEER_ADDR], PEER));
	}

	/* SET: handover to a new peer MAG, and a refresh of the lifetime. */
	o.peer = "2001:db8:eeee::3";
	o.lifetime = 300;
	EXPECT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_SET, &o)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_GET, &o));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_RO, tb, PMIP6_A_RO_MAX, NULL));
	EXPECT_TRUE(attr_is_addr(tb[PMIP6_A_RO_PEER_ADDR], "2001:db8:eeee::3"));
	EXPECT_EQ(300, get_u32(tb[PMIP6_A_RO_LIFETIME]));
	EXPECT_LT(290, get_u32(tb[PMIP6_A_RO_REMAINING]));
	EXPECT_EQ(2, dump_count(self, PMIP6_CMD_RO_GET, NULL));

	{
		struct ro none = { "2001:db8:7::", "2001:db8:8::", NULL, 10, 0 };

		EXPECT_EQ(-ENOENT, ro_cmd(self, PMIP6_CMD_RO_SET, &none));
		EXPECT_TRUE(self->rep.ack.has_msg);
	}

	EXPECT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_DEL, &o));
	EXPECT_EQ(-ENOENT, ro_cmd(self, PMIP6_CMD_RO_GET, &o));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(-ENOENT, ro_cmd(self, PMIP6_CMD_RO_DEL, &o));
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_RO_GET, NULL));
}

/*
 * An expired state is deleted by the kernel (ntf_test checks the
 * notification); a refresh before that restarts its lifetime.
 */
TEST_F(m, ro_expiry)
{
	const struct nlattr *tb[PMIP6_A_RO_MAX + 1];
	struct ro o = ro1;
	int i;

	o.lifetime = 1;
	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &o)) TH_LOG("%s", self->rep.ack.msg);
	for (i = 0; i < 50 && !ro_cmd(self, PMIP6_CMD_RO_GET, &o); i++)
		usleep(100 * 1000);
	EXPECT_EQ(-ENOENT, self->rep.ack.error);
	EXPECT_LE(8, i) TH_LOG("gone after %d00 ms of a 1 s lifetime", i);
	EXPECT_EQ(-ENOENT, ro_cmd(self, PMIP6_CMD_RO_SET, &o));
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_RO_GET, NULL));

	/* Refreshed in time: still there after its first lifetime ran out. */
	o.lifetime = 1;
	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &o)) TH_LOG("%s", self->rep.ack.msg);
	o.lifetime = 60;
	EXPECT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_SET, &o)) TH_LOG("%s", self->rep.ack.msg);
	sleep(2);
	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_GET, &o));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_RO, tb, PMIP6_A_RO_MAX, NULL));
	EXPECT_LT(50, get_u32(tb[PMIP6_A_RO_REMAINING]));
}

/*
 * FMC on a MAG with full per-flow state (RFC 7864 5.2): an entry's BIDs
 * must be the BID of the MN's BUL entry; refusals say so, point at the
 * BID and change nothing. The entry is active while the BUL entry has
 * that BID.
 */
static size_t mag_fmc_req(FIXTURE_DATA(m) *self, uint8_t cmd, const char *mn,
			  uint16_t fid, uint16_t bid)
{
	struct rnl_req *r = &self->req;
	size_t nest, at = 0;

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_FMC);
	rnl_put(r, PMIP6_A_FMC_MN_ID, mn, strlen(mn));
	rnl_put(r, PMIP6_A_FMC_FID, &fid, sizeof(fid));
	if (cmd == PMIP6_CMD_FMC_NEW || cmd == PMIP6_CMD_FMC_SET) {
		at = rnl_put(r, PMIP6_A_FMC_BID, &bid, sizeof(bid));
		rnl_put_u32(r, PMIP6_A_FMC_ACTION, PMIP6_FMC_ACTION_DROP);
	}
	rnl_nest_end(r, nest);
	return at;
}

/* The ACTIVE flag of MN1's entry @fid; -1 if there is none. */
static int mag_fmc_active(FIXTURE_DATA(m) *self, uint16_t fid)
{
	const struct nlattr *tb[PMIP6_A_FMC_MAX + 1];

	mag_fmc_req(self, PMIP6_CMD_FMC_GET, MN1, fid, 0);
	if (do_req(self) || reply_nest(self, PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX, NULL))
		return -1;
	return get_u8(tb[PMIP6_A_FMC_ACTIVE]);
}

/* An FMC request naming @bid is refused: at the BID, nothing changed. */
static void mag_fmc_refused(struct __test_metadata *_metadata, FIXTURE_DATA(m) *self,
			    uint8_t cmd, const char *mn, uint16_t bid)
{
	uint32_t gen = generation(self);
	long n = dump_count(self, PMIP6_CMD_FMC_GET, NULL);
	size_t at = mag_fmc_req(self, cmd, mn, 1, bid);

	EXPECT_EQ(-ENOENT, do_req(self));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_NE(NULL, strstr(self->rep.ack.msg, "not the BID of this mobile node's BUL entry"))
		TH_LOG("%s", self->rep.ack.msg);
	EXPECT_TRUE(self->rep.ack.has_offs && self->rep.ack.offs == at)
		TH_LOG("offs %u, bid at %zu", self->rep.ack.offs, at);
	EXPECT_EQ(gen, generation(self));
	EXPECT_EQ(n, dump_count(self, PMIP6_CMD_FMC_GET, NULL));
}

TEST_F(m, fmc_bid_is_the_bul_bid)
{
	const struct nlattr *tb[PMIP6_A_BUL_MAX + 1];
	struct bul b = mn1;
	uint16_t zero = 0;
	size_t nest;

	/* No BUL entry, then one without a BID: nothing to name. */
	mag_fmc_refused(_metadata, self, PMIP6_CMD_FMC_NEW, MN1, 1);
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &b)) TH_LOG("%s", self->rep.ack.msg);
	mag_fmc_refused(_metadata, self, PMIP6_CMD_FMC_NEW, MN1, 1);

	/* BID 5: reported back, and the only one an entry may name. */
	self->bul_bid = 5;
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_SET, &b)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_GET, &b));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_BUL, tb, PMIP6_A_BUL_MAX, NULL));
	EXPECT_EQ(5, tb[PMIP6_A_BUL_BID] ? *(const uint16_t *)rnl_attr_data(tb[PMIP6_A_BUL_BID]) : 0);
	mag_fmc_refused(_metadata, self, PMIP6_CMD_FMC_NEW, MN1, 6);
	/* Another MN's BUL entry does not count. */
	mag_fmc_refused(_metadata, self, PMIP6_CMD_FMC_NEW, MN2, 5);
	mag_fmc_req(self, PMIP6_CMD_FMC_NEW, MN1, 1, 5);
	ASSERT_EQ(0, do_req(self)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(1, mag_fmc_active(self, 1));
	mag_fmc_refused(_metadata, self, PMIP6_CMD_FMC_SET, MN1, 6);
	EXPECT_EQ(1, mag_fmc_active(self, 1));

	/* The MN attached with another BID: the entry no longer applies. */
	self->bul_bid = 7;
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_SET, &b));
	EXPECT_EQ(0, mag_fmc_active(self, 1));
	self->bul_bid = 5;
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_SET, &b));
	EXPECT_EQ(1, mag_fmc_active(self, 1));
	/* Deregistered (RFC 7864 5.2): inactive, kept; back with the BID. */
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_DEL, &b));
	EXPECT_EQ(0, mag_fmc_active(self, 1));
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &b));
	EXPECT_EQ(1, mag_fmc_active(self, 1));

	/* The MN holds the role: no change while the entry exists. */
	EXPECT_EQ(-EBUSY, set_role(self, PMIP6_ROLE_LMA));
	ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_DEL, &b));
	mag_fmc_req(self, PMIP6_CMD_FMC_DEL, MN1, 1, 0);
	ASSERT_EQ(0, do_req(self)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_FMC_GET, NULL));
	EXPECT_EQ(0, set_role(self, PMIP6_ROLE_LMA)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(0, set_role(self, PMIP6_ROLE_MAG));

	/* BID 0 is no BID (RFC 5648 4.3): refused by the policy. */
	self->bul_bid = 0;
	bul_req(self, PMIP6_CMD_BUL_NEW, &b, &nest);
	rnl_put(&self->req, PMIP6_A_BUL_BID, &zero, sizeof(zero));
	rnl_nest_end(&self->req, nest);
	EXPECT_GT(0, do_req(self));
	EXPECT_TRUE(self->rep.ack.has_offs);
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_BUL_GET, NULL));
}

enum bad_ro {
	BR_ZERO_LIFETIME, BR_NO_LIFETIME, BR_OWNER_CONTROLLER, BR_OWNER_4,
	BR_SAME_HNP, BR_LL_PEER, BR_NO_PEER, BR_PLEN_48, BR_HOST_BITS,
	BR_NO_DST, BR_REMAINING, BR_NO_OWNER, BR_MAX
};

static const char *const br_names[BR_MAX] = {
	"lifetime 0", "no lifetime", "owner controller on a MAG", "owner 4",
	"src-hnp = dst-hnp", "link-local peer", "no peer", "prefix-len 48",
	"host bits set", "no dst-hnp", "remaining sent", "no owner",
};

static void bad_ro(FIXTURE_DATA(m) *self, enum bad_ro k)
{
	struct rnl_req *r = &self->req;
	struct in6_addr peer = addr6(k == BR_LL_PEER ? "fe80::2" : PEER);
	size_t nest;

	rnl_req_init(r, self->fam, RNL_F_DEFAULT, PMIP6_CMD_RO_NEW, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_RO);
	if (k == BR_PLEN_48)
		put_hnp(r, PMIP6_A_RO_SRC_HNP, "2001:db8:5::", 48);
	else if (k == BR_HOST_BITS)
		put_hnp(r, PMIP6_A_RO_SRC_HNP, "2001:db8:5::1", 64);
	else
		put_hnp(r, PMIP6_A_RO_SRC_HNP, "2001:db8:5::", 64);
	if (k == BR_SAME_HNP)
		put_hnp(r, PMIP6_A_RO_DST_HNP, "2001:db8:5::", 64);
	else if (k != BR_NO_DST)
		put_hnp(r, PMIP6_A_RO_DST_HNP, "2001:db8:6::", 64);
	if (k != BR_NO_PEER)
		rnl_put(r, PMIP6_A_RO_PEER_ADDR, &peer, sizeof(peer));
	if (k != BR_NO_LIFETIME)
		rnl_put_u32(r, PMIP6_A_RO_LIFETIME, k == BR_ZERO_LIFETIME ? 0 : 10);
	if (k != BR_NO_OWNER)
		rnl_put_u8(r, PMIP6_A_RO_OWNER,
			   k == BR_OWNER_CONTROLLER ? PMIP6_RO_OWNER_CONTROLLER :
			   k == BR_OWNER_4 ? 4 : PMIP6_RO_OWNER_MAG);
	if (k == BR_REMAINING)
		rnl_put_u32(r, PMIP6_A_RO_REMAINING, 5);
	rnl_nest_end(r, nest);
}

TEST_F(m, ro_bad_input)
{
	struct ro o = ro1;

	ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &o)) TH_LOG("%s", self->rep.ack.msg);

	for (int k = 0; k < BR_MAX; k++) {
		uint32_t gen = generation(self);
		int rc;

		bad_ro(self, k);
		rc = do_req(self);
		EXPECT_GT(0, rc) TH_LOG("%s: accepted", br_names[k]);
		EXPECT_TRUE(self->rep.ack.has_msg || self->rep.ack.has_miss_type)
			TH_LOG("%s: no extack", br_names[k]);
		TH_LOG("%s: %s (%s)", br_names[k], strerror(-rc), self->rep.ack.msg);
		EXPECT_EQ(gen, generation(self)) TH_LOG("%s: state changed", br_names[k]);
		EXPECT_EQ(1, dump_count(self, PMIP6_CMD_RO_GET, NULL));
	}
	/* Zero lifetime: refused with a reason pointing at the lifetime. */
	bad_ro(self, BR_ZERO_LIFETIME);
	EXPECT_EQ(-EINVAL, do_req(self));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_TRUE(self->rep.ack.has_offs);
	if (self->rep.ack.has_offs &&
	    self->rep.ack.offs + NLA_HDRLEN <= self->req.u.nlh.nlmsg_len) {
		const struct nlattr *bad = (const void *)(self->req.u.buf + self->rep.ack.offs);

		EXPECT_EQ(PMIP6_A_RO_LIFETIME, bad->nla_type & NLA_TYPE_MASK);
	}
	/* SET with zero lifetime is no delete either. */
	o.lifetime = 0;
	EXPECT_EQ(-EINVAL, ro_cmd(self, PMIP6_CMD_RO_SET, &o));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_RO_GET, NULL));
}

/* Enough entries that dumps take many parts; every entry comes back once. */
TEST_F_TIMEOUT(m, dump_many, 300)
{
	const int n_bul = 500, n_ro = 2000;
	char mn[32], pfx[64], dst[64];
	int parts;

	for (int i = 0; i < n_bul; i++) {
		struct bul b = { mn, NULL, NULL, 0, { pfx }, { dst } };

		snprintf(mn, sizeof(mn), "mn%d@example.org", i);
		snprintf(pfx, sizeof(pfx), "2001:db8:1:%x::", i);
		snprintf(dst, sizeof(dst), "2001:db8:2:%x::", i);
		ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &b))
			TH_LOG("BUL %d: %s", i, self->rep.ack.msg);
	}
	for (int i = 0; i < n_ro; i++) {
		struct ro o = { pfx, dst, NULL, 600, 0 };

		snprintf(pfx, sizeof(pfx), "2001:db8:3:%x::", i);
		snprintf(dst, sizeof(dst), "2001:db8:4:%x::", i % 7);
		ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &o))
			TH_LOG("RO %d: %s", i, self->rep.ack.msg);
	}
	EXPECT_EQ(n_bul, dump_count(self, PMIP6_CMD_BUL_GET, &parts));
	TH_LOG("BUL dump in %d parts", parts);
	EXPECT_LT(1, parts);
	EXPECT_EQ(n_ro, dump_count(self, PMIP6_CMD_RO_GET, &parts));
	TH_LOG("RO dump in %d parts", parts);
	EXPECT_LT(1, parts);
	/* The netns goes with all of it: the module's exit path frees it. */
}

/*
 * Dump cmd, and after its first part make a change through a second
 * socket: some later part must carry NLM_F_DUMP_INTR. Returns 1 if one
 * did, 0 if none did, -1 on error.
 */
static int dump_with_change(FIXTURE_DATA(m) *self, uint8_t cmd, const struct ro *change)
{
	static unsigned char buf[1 << 16] __attribute__((aligned(NLMSG_ALIGNTO)));
	static struct rnl_reply rep2;
	static struct rnl_req req2;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t seq = ++self->sk.seq;
	struct rnl_sock s2;
	bool intr = false;
	int parts = 0;

	rnl_req_init(&self->req, self->fam, NLM_F_REQUEST | NLM_F_DUMP, cmd,
		     PMIP6_GENL_VERSION);
	self->req.u.nlh.nlmsg_seq = seq;
	if (sendto(self->sk.fd, self->req.u.buf, self->req.u.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	for (;;) {
		ssize_t n = recv(self->sk.fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *nlh;

		if (n < 0)
			return -1;
		if (parts++ == 0) {
			if (rnl_open(&s2))
				return -1;
			rnl_req_init(&req2, self->fam, RNL_F_DEFAULT, PMIP6_CMD_RO_NEW,
				     PMIP6_GENL_VERSION);
			{
				size_t nest = rnl_nest_start(&req2, PMIP6_A_RO);
				struct in6_addr peer = addr6(PEER);

				put_hnp(&req2, PMIP6_A_RO_SRC_HNP, change->src, 64);
				put_hnp(&req2, PMIP6_A_RO_DST_HNP, change->dst, 64);
				rnl_put(&req2, PMIP6_A_RO_PEER_ADDR, &peer, sizeof(peer));
				rnl_put_u32(&req2, PMIP6_A_RO_LIFETIME, change->lifetime);
				rnl_put_u8(&req2, PMIP6_A_RO_OWNER, PMIP6_RO_OWNER_MAG);
				rnl_nest_end(&req2, nest);
			}
			if (rnl_transact(&s2, &req2, &rep2))
				return -1;
			rnl_close(&s2);
		}
		for (nlh = (const void *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return -1;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return intr;
		}
	}
}

/* A change in the middle of a dump flags it; a retry is consistent. */
TEST_F_TIMEOUT(m, dump_intr, 300)
{
	struct ro c1 = { "2001:db8:9::", "2001:db8:a::", NULL, 60, 0 };
	struct ro c2 = { "2001:db8:9::", "2001:db8:b::", NULL, 60, 0 };
	char mn[32], pfx[64], dst[64];

	for (int i = 0; i < 600; i++) {
		struct bul b = { mn, NULL, NULL, 0, { pfx }, { NULL } };
		struct ro o = { pfx, dst, NULL, 600, 0 };

		snprintf(mn, sizeof(mn), "mn%d@example.org", i);
		snprintf(pfx, sizeof(pfx), "2001:db8:1:%x::", i);
		ASSERT_EQ(0, bul_cmd(self, PMIP6_CMD_BUL_NEW, &b))
			TH_LOG("BUL %d: %s", i, self->rep.ack.msg);
		snprintf(dst, sizeof(dst), "2001:db8:2:%x::", i);
		ASSERT_EQ(0, ro_cmd(self, PMIP6_CMD_RO_NEW, &o))
			TH_LOG("RO %d: %s", i, self->rep.ack.msg);
	}
	/* Any change of the netns's configuration interrupts either dump. */
	EXPECT_EQ(1, dump_with_change(self, PMIP6_CMD_RO_GET, &c1));
	EXPECT_EQ(601, dump_count(self, PMIP6_CMD_RO_GET, NULL));
	EXPECT_EQ(1, dump_with_change(self, PMIP6_CMD_BUL_GET, &c2));
	EXPECT_EQ(600, dump_count(self, PMIP6_CMD_BUL_GET, NULL));
	EXPECT_EQ(602, dump_count(self, PMIP6_CMD_RO_GET, NULL));
}

TEST_HARNESS_MAIN
