// SPDX-License-Identifier: GPL-2.0
/*
 * The LMA's binding cache and flow mobility cache over the pmip6 family
 * (BCE_* and FMC_* in Documentation/netlink/specs/pmip6.yaml), over raw
 * netlink (rawnl.h) so that malformed requests can be sent. Each test runs
 * in a fresh network namespace whose instance has role lma.
 *
 * Success paths: new/get/set/del/dump of BCEs and FMC entries; two BCEs
 * of one MN sharing an HNP (RFC 7864 Figure 6); deleting a BCE makes the
 * FMC entries left without a live BID inactive, and re-creating it makes
 * them active again; a role change is refused while entries exist; a BCE
 * SET between 1, 2 and PMIP6_BCE_HNP_MAX prefixes (the kernel sizes a BCE by
 * its prefix count, from two allocators) keeps exactly the new prefixes.
 *
 * Bad input: every refusal carries an errno and an extack message, and the
 * state is unchanged (generation and dump counts as before).
 *
 * Scale: 100k BCEs dump back exactly 100k entries, in many resumed parts;
 * a change in the middle of a dump flags it NLM_F_DUMP_INTR.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "kselftest_harness.h"
#include "rawnl.h"

#define MN1 "mn1@example.org"
#define MN2 "mn2@example.org"

static struct in6_addr addr6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

static size_t put_u16(struct rnl_req *r, uint16_t type, uint16_t v)
{
	return rnl_put(r, type, &v, sizeof(v));
}

static size_t put_hnp(struct rnl_req *r, const char *prefix, uint8_t len)
{
	struct in6_addr a = addr6(prefix);
	size_t nest = rnl_nest_start(r, PMIP6_A_BCE_HNP);

	rnl_put(r, PMIP6_A_HNP_PREFIX, &a, sizeof(a));
	rnl_put_u8(r, PMIP6_A_HNP_PREFIX_LEN, len);
	rnl_nest_end(r, nest);
	return nest;
}

/* A BCE request; hnps is a NULL-terminated list of /64 prefixes. */
struct bce {
	const char *mn;
	uint16_t bid;
	uint8_t pri;
	const char *coa;
	const char *hnps[4];
};

static void bce_req(struct rnl_req *r, uint16_t fam, uint8_t cmd,
		    const struct bce *b, size_t *outer)
{
	size_t nest;

	rnl_req_init(r, fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_BCE);
	rnl_put(r, PMIP6_A_BCE_MN_ID, b->mn, strlen(b->mn));
	put_u16(r, PMIP6_A_BCE_BID, b->bid);
	if (cmd == PMIP6_CMD_BCE_NEW || cmd == PMIP6_CMD_BCE_SET) {
		struct in6_addr coa = addr6(b->coa ? b->coa : "2001:db8:ff::1");

		rnl_put_u8(r, PMIP6_A_BCE_BID_PRI, b->pri);
		rnl_put_u8(r, PMIP6_A_BCE_ATT, 4);
		rnl_put(r, PMIP6_A_BCE_PROXY_COA, &coa, sizeof(coa));
		for (int i = 0; i < 4 && b->hnps[i]; i++)
			put_hnp(r, b->hnps[i], 64);
	}
	if (outer)
		*outer = nest;
	else
		rnl_nest_end(r, nest);
}

/* An FMC request; bids is 0-terminated. */
struct fmc {
	const char *mn;
	uint16_t fid;
	uint16_t pri;
	uint8_t nexthdr;	/* 0: no traffic selector */
	uint16_t bids[4];
	uint32_t action;
};

static void fmc_req(struct rnl_req *r, uint16_t fam, uint8_t cmd,
		    const struct fmc *f, size_t *outer)
{
	size_t nest, ts;

	rnl_req_init(r, fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_FMC);
	rnl_put(r, PMIP6_A_FMC_MN_ID, f->mn, strlen(f->mn));
	put_u16(r, PMIP6_A_FMC_FID, f->fid);
	if (cmd == PMIP6_CMD_FMC_NEW || cmd == PMIP6_CMD_FMC_SET) {
		put_u16(r, PMIP6_A_FMC_FID_PRI, f->pri);
		if (f->nexthdr) {
			ts = rnl_nest_start(r, PMIP6_A_FMC_TS);
			rnl_put_u8(r, PMIP6_A_TS_NEXT_HEADER_START, f->nexthdr);
			rnl_nest_end(r, ts);
		}
		for (int i = 0; i < 4 && f->bids[i]; i++)
			put_u16(r, PMIP6_A_FMC_BID, f->bids[i]);
		if (f->action)
			rnl_put_u32(r, PMIP6_A_FMC_ACTION, f->action);
	}
	if (outer)
		*outer = nest;
	else
		rnl_nest_end(r, nest);
}

FIXTURE(c) {
	struct rnl_sock sk;
	uint16_t fam;
	struct rnl_req req;
	struct rnl_reply rep;
};

static int set_role(FIXTURE_DATA(c) *self, uint32_t role)
{
	size_t nest;

	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_SET,
		     PMIP6_GENL_VERSION);
	nest = rnl_nest_start(&self->req, PMIP6_A_INSTANCE);
	rnl_put_u32(&self->req, PMIP6_A_INSTANCE_ROLE, role);
	rnl_nest_end(&self->req, nest);
	return rnl_transact(&self->sk, &self->req, &self->rep);
}

static uint32_t generation(FIXTURE_DATA(c) *self)
{
	const struct nlattr *tb[PMIP6_A_MAX + 1], *it[PMIP6_A_INSTANCE_MAX + 1];
	const void *attrs;
	uint32_t gen = 0;
	size_t len;

	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_GET,
		     PMIP6_GENL_VERSION);
	if (rnl_transact(&self->sk, &self->req, &self->rep))
		return 0;
	attrs = rnl_reply_attrs(&self->rep, &len);
	if (!attrs || rnl_parse(attrs, len, tb, PMIP6_A_MAX) || !tb[PMIP6_A_INSTANCE] ||
	    rnl_parse(rnl_attr_data(tb[PMIP6_A_INSTANCE]), rnl_attr_len(tb[PMIP6_A_INSTANCE]),
		      it, PMIP6_A_INSTANCE_MAX) || !it[PMIP6_A_INSTANCE_GENERATION])
		return 0;
	memcpy(&gen, rnl_attr_data(it[PMIP6_A_INSTANCE_GENERATION]), sizeof(gen));
	return gen;
}

static int do_req(FIXTURE_DATA(c) *self)
{
	return rnl_transact(&self->sk, &self->req, &self->rep);
}

static int bce_cmd(FIXTURE_DATA(c) *self, uint8_t cmd, const struct bce *b)
{
	bce_req(&self->req, self->fam, cmd, b, NULL);
	return do_req(self);
}

static int fmc_cmd(FIXTURE_DATA(c) *self, uint8_t cmd, const struct fmc *f)
{
	fmc_req(&self->req, self->fam, cmd, f, NULL);
	return do_req(self);
}

/* The inner nest of the reply of a GET do, parsed into tb. */
static int reply_nest(FIXTURE_DATA(c) *self, int type, const struct nlattr **tb,
		      unsigned int max)
{
	const struct nlattr *top[PMIP6_A_MAX + 1];
	const void *attrs;
	size_t len;

	attrs = rnl_reply_attrs(&self->rep, &len);
	if (!attrs || rnl_parse(attrs, len, top, PMIP6_A_MAX) || !top[type])
		return -EPROTO;
	return rnl_parse(rnl_attr_data(top[type]), rnl_attr_len(top[type]), tb, max);
}

static uint8_t get_u8(const struct nlattr *a)
{
	return a ? *(const uint8_t *)rnl_attr_data(a) : 0xee;
}

static uint16_t get_u16(const struct nlattr *a)
{
	uint16_t v = 0xeeee;

	if (a)
		memcpy(&v, rnl_attr_data(a), sizeof(v));
	return v;
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

/*
 * Dump cmd; counts the entries and whether any part was flagged
 * NLM_F_DUMP_INTR. If mid is set, it runs once after the first part.
 * Returns 0 or -errno.
 */
static int dump(FIXTURE_DATA(c) *self, uint8_t cmd, long *count, bool *intr,
		void (*mid)(void *), void *ctx)
{
	static unsigned char buf[1 << 17] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	uint32_t seq = ++self->sk.seq;
	bool done = false;
	int parts = 0;

	*count = 0;
	*intr = false;
	rnl_req_init(&self->req, self->fam, NLM_F_REQUEST | NLM_F_DUMP, cmd,
		     PMIP6_GENL_VERSION);
	self->req.u.nlh.nlmsg_seq = seq;
	if (sendto(self->sk.fd, self->req.u.buf, self->req.u.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	while (!done) {
		ssize_t n = recv(self->sk.fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		if (parts++ == 0 && mid)
			mid(ctx);
		for (nlh = (const void *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				*intr = true;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ((const struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (nlh->nlmsg_type == self->fam)
				(*count)++;
		}
	}
	return 0;
}

static long dump_count(FIXTURE_DATA(c) *self, uint8_t cmd)
{
	long n;
	bool intr;

	if (dump(self, cmd, &n, &intr, NULL, NULL) || intr)
		return -1;
	return n;
}

FIXTURE_SETUP(c)
{
	uint32_t ver;
	int rc;

	self->sk.fd = -1;
	ASSERT_EQ(0, unshare(CLONE_NEWNET))
		TH_LOG("unshare(CLONE_NEWNET): %s (needs root)", strerror(errno));
	rc = rnl_open(&self->sk);
	ASSERT_EQ(0, rc) TH_LOG("netlink socket: %s", strerror(-rc));
	rc = rnl_genl_resolve(&self->sk, PMIP6_GENL_NAME, &self->fam, &ver);
	ASSERT_EQ(0, rc) TH_LOG("family %s: %s", PMIP6_GENL_NAME, strerror(-rc));
	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA)) TH_LOG("%s", self->rep.ack.msg);
}

FIXTURE_TEARDOWN(c)
{
	rnl_close(&self->sk);
}

/* Figure 6 of RFC 7864: MN1 on WiFi and 3GPP, both with HNP1. */
static const struct bce fig9_wifi = {
	MN1, 1, 20, "2001:db8:ff::1", { "2001:db8:1::", "2001:db8:2::" }
};
static const struct bce fig9_3gpp = {
	MN1, 2, 30, "2001:db8:ff::2", { "2001:db8:1::", "2001:db8:3::" }
};

TEST_F(c, bce_new_get_set_del)
{
	const struct nlattr *tb[PMIP6_A_BCE_MAX + 1], *ct[PMIP6_A_COUNTERS_MAX + 1];
	struct bce b = fig9_wifi;
	struct in6_addr coa;

	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &b)) TH_LOG("%s", self->rep.ack.msg);

	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_GET, &b));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_BCE, tb, PMIP6_A_BCE_MAX));
	ASSERT_NE(NULL, tb[PMIP6_A_BCE_MN_ID]);
	EXPECT_EQ(strlen(MN1), rnl_attr_len(tb[PMIP6_A_BCE_MN_ID]));
	EXPECT_EQ(1, get_u16(tb[PMIP6_A_BCE_BID]));
	EXPECT_EQ(20, get_u8(tb[PMIP6_A_BCE_BID_PRI]));
	EXPECT_EQ(4, get_u8(tb[PMIP6_A_BCE_ATT]));
	ASSERT_NE(NULL, tb[PMIP6_A_BCE_PROXY_COA]);
	coa = addr6("2001:db8:ff::1");
	EXPECT_EQ(0, memcmp(&coa, rnl_attr_data(tb[PMIP6_A_BCE_PROXY_COA]), 16));
	ASSERT_NE(NULL, tb[PMIP6_A_BCE_COUNTERS]);
	ASSERT_EQ(0, rnl_parse(rnl_attr_data(tb[PMIP6_A_BCE_COUNTERS]),
			       rnl_attr_len(tb[PMIP6_A_BCE_COUNTERS]), ct,
			       PMIP6_A_COUNTERS_MAX));
	EXPECT_NE(NULL, ct[PMIP6_A_COUNTERS_PACKETS_TX]);
	EXPECT_NE(NULL, ct[PMIP6_A_COUNTERS_BYTES_RX]);
	/* The whole nest is needed to count the multi-attr HNPs. */
	{
		const struct nlattr *top[PMIP6_A_MAX + 1];
		const void *attrs;
		size_t len;

		attrs = rnl_reply_attrs(&self->rep, &len);
		ASSERT_EQ(0, rnl_parse(attrs, len, top, PMIP6_A_MAX));
		EXPECT_EQ(2, count_type(top[PMIP6_A_BCE], PMIP6_A_BCE_HNP));
	}

	/* Same key again: EEXIST, with a reason, and nothing changed. */
	{
		uint32_t gen = generation(self);
		struct bce dup = b;

		dup.pri = 99;
		dup.hnps[0] = "2001:db8:77::";
		EXPECT_EQ(-EEXIST, bce_cmd(self, PMIP6_CMD_BCE_NEW, &dup));
		EXPECT_TRUE(self->rep.ack.has_msg);
		TH_LOG("duplicate BID: %s", self->rep.ack.msg);
		EXPECT_EQ(gen, generation(self));
		EXPECT_EQ(1, dump_count(self, PMIP6_CMD_BCE_GET));
		ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_GET, &b));
		ASSERT_EQ(0, reply_nest(self, PMIP6_A_BCE, tb, PMIP6_A_BCE_MAX));
		EXPECT_EQ(20, get_u8(tb[PMIP6_A_BCE_BID_PRI]));
	}

	/* SET replaces the whole entry. */
	b.pri = 5;
	b.hnps[1] = NULL;
	EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_SET, &b)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_GET, &b));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_BCE, tb, PMIP6_A_BCE_MAX));
	EXPECT_EQ(5, get_u8(tb[PMIP6_A_BCE_BID_PRI]));

	/* The prefix SET dropped is free for another MN now. */
	{
		struct bce o = { MN2, 1, 0, NULL, { "2001:db8:2::" } };

		EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &o))
			TH_LOG("%s", self->rep.ack.msg);
	}

	b.bid = 7;
	EXPECT_EQ(-ENOENT, bce_cmd(self, PMIP6_CMD_BCE_SET, &b));
	EXPECT_TRUE(self->rep.ack.has_msg);

	b.bid = 1;
	EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_DEL, &b));
	EXPECT_EQ(-ENOENT, bce_cmd(self, PMIP6_CMD_BCE_GET, &b));
	EXPECT_EQ(-ENOENT, bce_cmd(self, PMIP6_CMD_BCE_DEL, &b));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_BCE_GET));
}

/* The registration state pmipd keeps in a BCE (PMIP6_A_BCE_REGISTRATION). */
struct reg {
	uint32_t lifetime, remaining_ms;
	uint16_t seq;
	bool has_ts, no_remaining;
	uint64_t ts;
	const char *mag_ll;		/* PMIP6_A_REGISTRATION_MAG_LL_ADDR */
};

static int bce_reg_cmd(FIXTURE_DATA(c) *self, uint8_t cmd, const struct bce *b,
		       const struct reg *g)
{
	size_t outer, nest;

	bce_req(&self->req, self->fam, cmd, b, &outer);
	nest = rnl_nest_start(&self->req, PMIP6_A_BCE_REGISTRATION);
	rnl_put_u32(&self->req, PMIP6_A_REGISTRATION_LIFETIME, g->lifetime);
	if (!g->no_remaining)
		rnl_put_u32(&self->req, PMIP6_A_REGISTRATION_REMAINING_MS, g->remaining_ms);
	put_u16(&self->req, PMIP6_A_REGISTRATION_SEQUENCE, g->seq);
	if (g->has_ts)
		rnl_put_u64(&self->req, PMIP6_A_REGISTRATION_TIMESTAMP, g->ts);
	if (g->mag_ll) {
		struct in6_addr a = addr6(g->mag_ll);

		rnl_put(&self->req, PMIP6_A_REGISTRATION_MAG_LL_ADDR, &a, sizeof(a));
	}
	rnl_nest_end(&self->req, nest);
	rnl_nest_end(&self->req, outer);
	return do_req(self);
}

static uint32_t get_u32(const struct nlattr *a)
{
	uint32_t v = 0xeeeeeeee;

	if (a)
		memcpy(&v, rnl_attr_data(a), sizeof(v));
	return v;
}

/* GET b; its registration nest into rt, or -ENOENT when it has none. */
static int get_reg(FIXTURE_DATA(c) *self, const struct bce *b, const struct nlattr **rt)
{
	const struct nlattr *tb[PMIP6_A_BCE_MAX + 1];
	const struct nlattr *r;

	if (bce_cmd(self, PMIP6_CMD_BCE_GET, b) ||
	    reply_nest(self, PMIP6_A_BCE, tb, PMIP6_A_BCE_MAX))
		return -EPROTO;
	r = tb[PMIP6_A_BCE_REGISTRATION];
	if (!r)
		return -ENOENT;
	return rnl_parse(rnl_attr_data(r), rnl_attr_len(r), rt, PMIP6_A_REGISTRATION_MAX);
}

/*
 * What pmipd needs to adopt a binding after a restart: the kernel keeps
 * it, counts the remaining time down, and a SET that changes only it
 * (every refresh) writes it in place without a new generation.
 */
TEST_F(c, registration_state)
{
	const struct nlattr *rt[PMIP6_A_REGISTRATION_MAX + 1];
	struct reg g = { .lifetime = 120, .remaining_ms = 60000, .seq = 7, .has_ts = true,
			 .ts = 0x123456789abcull, .mag_ll = "fe80::4d:1" };
	struct in6_addr mag_ll = addr6("fe80::4d:1");
	struct bce b = fig9_wifi;
	uint64_t ts;
	uint32_t gen;

	ASSERT_EQ(0, bce_reg_cmd(self, PMIP6_CMD_BCE_NEW, &b, &g)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, get_reg(self, &b, rt));
	EXPECT_EQ(120, get_u32(rt[PMIP6_A_REGISTRATION_LIFETIME]));
	EXPECT_GE(60000, get_u32(rt[PMIP6_A_REGISTRATION_REMAINING_MS]));
	EXPECT_LT(30000, get_u32(rt[PMIP6_A_REGISTRATION_REMAINING_MS]));
	EXPECT_EQ(7, get_u16(rt[PMIP6_A_REGISTRATION_SEQUENCE]));
	ASSERT_NE(NULL, rt[PMIP6_A_REGISTRATION_TIMESTAMP]);
	memcpy(&ts, rnl_attr_data(rt[PMIP6_A_REGISTRATION_TIMESTAMP]), sizeof(ts));
	EXPECT_EQ(0x123456789abcull, ts);
	/* The MAG's link-local address of the session (RFC 5213 5.1). */
	ASSERT_NE(NULL, rt[PMIP6_A_REGISTRATION_MAG_LL_ADDR]);
	EXPECT_EQ(0, memcmp(&mag_ll, rnl_attr_data(rt[PMIP6_A_REGISTRATION_MAG_LL_ADDR]),
			    sizeof(mag_ll)));

	/* A refresh: in place, the objects unchanged, so the generation too. */
	gen = generation(self);
	g = (struct reg){ .lifetime = 0, .remaining_ms = 1500, .seq = 8 };
	ASSERT_EQ(0, bce_reg_cmd(self, PMIP6_CMD_BCE_SET, &b, &g)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(gen, generation(self));
	ASSERT_EQ(0, get_reg(self, &b, rt));
	EXPECT_EQ(0, get_u32(rt[PMIP6_A_REGISTRATION_LIFETIME]));
	EXPECT_GE(1500, get_u32(rt[PMIP6_A_REGISTRATION_REMAINING_MS]));
	EXPECT_EQ(8, get_u16(rt[PMIP6_A_REGISTRATION_SEQUENCE]));
	EXPECT_EQ(NULL, rt[PMIP6_A_REGISTRATION_TIMESTAMP]);
	EXPECT_EQ(NULL, rt[PMIP6_A_REGISTRATION_MAG_LL_ADDR]);
	/* It counts down, and stops at 0: the module deletes nothing. */
	usleep(1600 * 1000);
	ASSERT_EQ(0, get_reg(self, &b, rt));
	EXPECT_EQ(0, get_u32(rt[PMIP6_A_REGISTRATION_REMAINING_MS]));

	/* A handoff changes the Proxy-CoA: a new copy, a new generation. */
	b.coa = "2001:db8:ff::9";
	g = (struct reg){ .lifetime = 60, .remaining_ms = 40000, .seq = 9 };
	ASSERT_EQ(0, bce_reg_cmd(self, PMIP6_CMD_BCE_SET, &b, &g)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_NE(gen, generation(self));
	ASSERT_EQ(0, get_reg(self, &b, rt));
	EXPECT_EQ(60, get_u32(rt[PMIP6_A_REGISTRATION_LIFETIME]));
	EXPECT_EQ(9, get_u16(rt[PMIP6_A_REGISTRATION_SEQUENCE]));

	/* Without the nest, a SET leaves none: a reply then carries none. */
	EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_SET, &b));
	EXPECT_EQ(-ENOENT, get_reg(self, &b, rt));

	/* Refusals name what is wrong, and change nothing. */
	gen = generation(self);
	g = (struct reg){ .lifetime = 60, .remaining_ms = 1000, .seq = 1, .no_remaining = true };
	EXPECT_EQ(-EINVAL, bce_reg_cmd(self, PMIP6_CMD_BCE_SET, &b, &g));
	EXPECT_STREQ("pmip6: missing remaining-ms in registration", self->rep.ack.msg);
	g = (struct reg){ .lifetime = 65535 * 4 + 1, .remaining_ms = 1000, .seq = 1 };
	EXPECT_EQ(-ERANGE, bce_reg_cmd(self, PMIP6_CMD_BCE_SET, &b, &g));
	EXPECT_TRUE(self->rep.ack.has_offs);
	TH_LOG("lifetime too long: %s", self->rep.ack.msg);
	g = (struct reg){ .lifetime = 60, .remaining_ms = 1000, .seq = 1,
			  .mag_ll = "2001:db8::1" };
	EXPECT_EQ(-EINVAL, bce_reg_cmd(self, PMIP6_CMD_BCE_SET, &b, &g));
	EXPECT_STREQ("pmip6: registration mag-ll-addr must be link-local unicast",
		     self->rep.ack.msg);
	EXPECT_TRUE(self->rep.ack.has_offs);
	EXPECT_EQ(gen, generation(self));
	EXPECT_EQ(-ENOENT, get_reg(self, &b, rt));
}

/* The node's Restart Counter (RFC 5847 3.2), kept for pmipd. */
static int restart_counter(FIXTURE_DATA(c) *self, uint32_t *out)
{
	const struct nlattr *tb[PMIP6_A_MAX + 1], *it[PMIP6_A_INSTANCE_MAX + 1];
	const void *attrs;
	size_t len;

	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_GET,
		     PMIP6_GENL_VERSION);
	if (rnl_transact(&self->sk, &self->req, &self->rep))
		return -EIO;
	attrs = rnl_reply_attrs(&self->rep, &len);
	if (!attrs || rnl_parse(attrs, len, tb, PMIP6_A_MAX) || !tb[PMIP6_A_INSTANCE] ||
	    rnl_parse(rnl_attr_data(tb[PMIP6_A_INSTANCE]), rnl_attr_len(tb[PMIP6_A_INSTANCE]),
		      it, PMIP6_A_INSTANCE_MAX) || !it[PMIP6_A_INSTANCE_RESTART_COUNTER])
		return -ENOENT;
	*out = get_u32(it[PMIP6_A_INSTANCE_RESTART_COUNTER]);
	return 0;
}

TEST_F(c, instance_restart_counter)
{
	uint32_t v = 0;
	size_t nest;

	/* A new instance starts from the wall clock's seconds. */
	ASSERT_EQ(0, restart_counter(self, &v));
	EXPECT_LE((uint32_t)time(NULL) - 600, v);
	EXPECT_GE((uint32_t)time(NULL), v);
	/* Kept as set; a set without it leaves it. */
	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_SET,
		     PMIP6_GENL_VERSION);
	nest = rnl_nest_start(&self->req, PMIP6_A_INSTANCE);
	rnl_put_u32(&self->req, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	rnl_put_u32(&self->req, PMIP6_A_INSTANCE_RESTART_COUNTER, 42);
	rnl_nest_end(&self->req, nest);
	ASSERT_EQ(0, do_req(self)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, restart_counter(self, &v));
	EXPECT_EQ(42, v);
	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_LMA));
	ASSERT_EQ(0, restart_counter(self, &v));
	EXPECT_EQ(42, v);
}

TEST_F(c, shared_hnp_and_owner)
{
	struct bce other = { MN2, 1, 0, NULL, { "2001:db8:1::" } };
	uint32_t gen;

	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_wifi));
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_3gpp))
		TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(2, dump_count(self, PMIP6_CMD_BCE_GET));

	/* HNP1 is MN1's: MN2 may not have it. */
	gen = generation(self);
	EXPECT_EQ(-EADDRINUSE, bce_cmd(self, PMIP6_CMD_BCE_NEW, &other));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_TRUE(self->rep.ack.has_offs);
	TH_LOG("extack: %s", self->rep.ack.msg);
	EXPECT_EQ(gen, generation(self));
	EXPECT_EQ(2, dump_count(self, PMIP6_CMD_BCE_GET));

	/* Still MN1's while one of its BCEs lists it. */
	EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_DEL, &fig9_wifi));
	EXPECT_EQ(-EADDRINUSE, bce_cmd(self, PMIP6_CMD_BCE_NEW, &other));
	EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_DEL, &fig9_3gpp));
	EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &other))
		TH_LOG("%s", self->rep.ack.msg);
}

/*
 * BCE MN1/BID 1 with prefixes 2001:db8:100+i::/64 for i < n: NEW if
 * @cmd says so, else SET.
 */
static int bce_n_hnp(FIXTURE_DATA(c) *self, uint8_t cmd, int n)
{
	const struct bce b = { MN1, 1, 10, NULL, { NULL } };
	size_t nest;
	char p[32];

	bce_req(&self->req, self->fam, cmd, &b, &nest);
	for (int i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "2001:db8:%x::", 0x100 + i);
		put_hnp(&self->req, p, 64);
	}
	rnl_nest_end(&self->req, nest);
	return do_req(self);
}

/* How many prefixes the GET of MN1/BID 1 reports. */
static int get_n_hnp(FIXTURE_DATA(c) *self)
{
	const struct bce b = { MN1, 1, 0, NULL, { NULL } };
	const struct nlattr *top[PMIP6_A_MAX + 1];
	const void *attrs;
	size_t len;

	if (bce_cmd(self, PMIP6_CMD_BCE_GET, &b))
		return -1;
	attrs = rnl_reply_attrs(&self->rep, &len);
	if (!attrs || rnl_parse(attrs, len, top, PMIP6_A_MAX) || !top[PMIP6_A_BCE])
		return -1;
	return count_type(top[PMIP6_A_BCE], PMIP6_A_BCE_HNP);
}

TEST_F(c, hnp_counts)
{
	static const int steps[] = { PMIP6_BCE_HNP_MAX, 1, 2, PMIP6_BCE_HNP_MAX, 1 };
	char last[32];

	snprintf(last, sizeof(last), "2001:db8:%x::", 0x100 + PMIP6_BCE_HNP_MAX - 1);
	ASSERT_EQ(0, bce_n_hnp(self, PMIP6_CMD_BCE_NEW, 1)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(1, get_n_hnp(self));
	for (unsigned int i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct bce other = { MN2, 1, 0, NULL, { last } };

		ASSERT_EQ(0, bce_n_hnp(self, PMIP6_CMD_BCE_SET, steps[i]))
			TH_LOG("%d prefixes: %s", steps[i], self->rep.ack.msg);
		EXPECT_EQ(steps[i], get_n_hnp(self));
		/* The last prefix is MN1's only while its BCE lists it. */
		if (steps[i] == PMIP6_BCE_HNP_MAX) {
			EXPECT_EQ(-EADDRINUSE, bce_cmd(self, PMIP6_CMD_BCE_NEW, &other));
		} else {
			EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &other));
			EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_DEL, &other));
		}
	}
	/* One too many is refused, the entry as it was. */
	EXPECT_EQ(-EINVAL, bce_n_hnp(self, PMIP6_CMD_BCE_SET, PMIP6_BCE_HNP_MAX + 1));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(1, get_n_hnp(self));
	EXPECT_EQ(0, bce_n_hnp(self, PMIP6_CMD_BCE_DEL, 0));
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_BCE_GET));
}

TEST_F(c, role_rules)
{
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_wifi));
	EXPECT_EQ(-EBUSY, set_role(self, PMIP6_ROLE_MAG));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(0, set_role(self, PMIP6_ROLE_LMA));
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_DEL, &fig9_wifi));
	ASSERT_EQ(0, set_role(self, PMIP6_ROLE_MAG)) TH_LOG("%s", self->rep.ack.msg);

	EXPECT_EQ(-EOPNOTSUPP, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_wifi));
	EXPECT_TRUE(self->rep.ack.has_msg);
	TH_LOG("extack: %s", self->rep.ack.msg);
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_BCE_GET));
}

/* Malformed BCE_NEW requests, each a valid one with one thing wrong. */
enum bad_kind {
	BAD_BID_U32, BAD_BID_ZERO, BAD_PRI_128, BAD_PLEN_48, BAD_HOST_BITS,
	BAD_NO_COA, BAD_LL_COA, BAD_COUNTERS, BAD_NO_HNP, BAD_DUP_HNP,
	BAD_MNID_EMPTY, BAD_17_HNPS, BAD_MAX
};

static const char *const bad_names[BAD_MAX] = {
	"bid as u32", "bid 0", "bid-pri 128", "prefix-len 48", "host bits set",
	"no proxy-coa", "link-local proxy-coa", "counters sent", "no hnp",
	"duplicate hnp", "empty mn-id", "17 hnps",
};

static void bad_bce(struct rnl_req *r, uint16_t fam, enum bad_kind k)
{
	struct in6_addr coa = addr6(k == BAD_LL_COA ? "fe80::1" : "2001:db8:ff::1");
	size_t nest;

	rnl_req_init(r, fam, RNL_F_DEFAULT, PMIP6_CMD_BCE_NEW, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(r, PMIP6_A_BCE);
	if (k == BAD_MNID_EMPTY)
		rnl_put(r, PMIP6_A_BCE_MN_ID, "", 0);
	else
		rnl_put(r, PMIP6_A_BCE_MN_ID, MN1, strlen(MN1));
	if (k == BAD_BID_U32)
		rnl_put_u32(r, PMIP6_A_BCE_BID, 1);
	else
		put_u16(r, PMIP6_A_BCE_BID, k == BAD_BID_ZERO ? 0 : 1);
	rnl_put_u8(r, PMIP6_A_BCE_BID_PRI, k == BAD_PRI_128 ? 128 : 1);
	if (k != BAD_NO_COA)
		rnl_put(r, PMIP6_A_BCE_PROXY_COA, &coa, sizeof(coa));
	if (k == BAD_COUNTERS) {
		size_t c = rnl_nest_start(r, PMIP6_A_BCE_COUNTERS);

		rnl_put_u64(r, PMIP6_A_COUNTERS_PACKETS_TX, 1);
		rnl_nest_end(r, c);
	}
	if (k == BAD_PLEN_48)
		put_hnp(r, "2001:db8:1::", 48);
	else if (k == BAD_HOST_BITS)
		put_hnp(r, "2001:db8:1::1", 64);
	else if (k != BAD_NO_HNP)
		put_hnp(r, "2001:db8:1::", 64);
	if (k == BAD_DUP_HNP)
		put_hnp(r, "2001:db8:1::", 64);
	if (k == BAD_17_HNPS) {
		char p[64];

		for (int i = 0; i < 16; i++) {
			snprintf(p, sizeof(p), "2001:db8:%x::", 0x100 + i);
			put_hnp(r, p, 64);
		}
	}
	rnl_nest_end(r, nest);
}

TEST_F(c, bce_bad_input)
{
	for (int k = 0; k < BAD_MAX; k++) {
		uint32_t gen = generation(self);
		int rc;

		bad_bce(&self->req, self->fam, k);
		rc = do_req(self);
		EXPECT_GT(0, rc) TH_LOG("%s: accepted", bad_names[k]);
		EXPECT_TRUE(self->rep.ack.has_msg || self->rep.ack.has_miss_type)
			TH_LOG("%s: no extack", bad_names[k]);
		TH_LOG("%s: %s (%s)", bad_names[k], strerror(-rc), self->rep.ack.msg);
		EXPECT_EQ(gen, generation(self)) TH_LOG("%s: state changed", bad_names[k]);
		EXPECT_EQ(0, dump_count(self, PMIP6_CMD_BCE_GET));
	}
}

TEST_F(c, fmc_lifecycle)
{
	const struct nlattr *tb[PMIP6_A_FMC_MAX + 1];
	/* Figure 7 of RFC 7864. */
	struct fmc tcp = { MN1, 2, 10, 6, { 1 }, 0 };
	struct fmc udp = { MN1, 4, 20, 17, { 1, 2 }, 0 };

	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_wifi));
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_3gpp));
	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &tcp)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &udp)) TH_LOG("%s", self->rep.ack.msg);
	EXPECT_EQ(2, dump_count(self, PMIP6_CMD_FMC_GET));

	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_GET, &tcp));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX));
	EXPECT_EQ(10, get_u16(tb[PMIP6_A_FMC_FID_PRI]));
	EXPECT_EQ(1, get_u8(tb[PMIP6_A_FMC_ACTIVE]));
	EXPECT_NE(NULL, tb[PMIP6_A_FMC_TS]);
	EXPECT_NE(NULL, tb[PMIP6_A_FMC_COUNTERS]);

	/* BID 1 goes: the TCP entry has no BCE left, the UDP one has BID 2. */
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_DEL, &fig9_wifi));
	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_GET, &tcp));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX));
	EXPECT_EQ(0, get_u8(tb[PMIP6_A_FMC_ACTIVE]));
	EXPECT_EQ(1, get_u16(tb[PMIP6_A_FMC_BID]));
	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_GET, &udp));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX));
	EXPECT_EQ(1, get_u8(tb[PMIP6_A_FMC_ACTIVE]));

	/* BID 2 goes too: both inactive (Figure 7's second row). */
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_DEL, &fig9_3gpp));
	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_GET, &udp));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX));
	EXPECT_EQ(0, get_u8(tb[PMIP6_A_FMC_ACTIVE]));
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_BCE_GET));
	EXPECT_EQ(2, dump_count(self, PMIP6_CMD_FMC_GET));

	/* BID 1 back: the TCP entry is active again. */
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_wifi));
	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_GET, &tcp));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX));
	EXPECT_EQ(1, get_u8(tb[PMIP6_A_FMC_ACTIVE]));

	/* SET: new priority and action. */
	tcp.pri = 30;
	tcp.action = PMIP6_FMC_ACTION_DROP;
	EXPECT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_SET, &tcp)) TH_LOG("%s", self->rep.ack.msg);
	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_GET, &tcp));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX));
	EXPECT_EQ(30, get_u16(tb[PMIP6_A_FMC_FID_PRI]));

	EXPECT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_DEL, &tcp));
	EXPECT_EQ(-ENOENT, fmc_cmd(self, PMIP6_CMD_FMC_GET, &tcp));
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_FMC_GET));

	/* The role stays while FMC entries exist, even with no BCE. */
	EXPECT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_DEL, &fig9_wifi));
	EXPECT_EQ(-EBUSY, set_role(self, PMIP6_ROLE_MAG));
	EXPECT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_DEL, &udp));
	EXPECT_EQ(0, set_role(self, PMIP6_ROLE_MAG));
}

TEST_F(c, fmc_bad_input)
{
	struct fmc good = { MN1, 2, 10, 6, { 1 }, 0 };
	struct fmc f;
	size_t nest, ts;
	uint32_t gen;
	int rc;

	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_wifi));
	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &good));
	gen = generation(self);

	/* Duplicate FID. */
	EXPECT_EQ(-EEXIST, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &good));
	EXPECT_TRUE(self->rep.ack.has_msg);

	/* Dangling BID: the extack points at it. */
	f = (struct fmc){ MN1, 3, 10, 6, { 1, 9 }, 0 };
	EXPECT_EQ(-ENOENT, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &f));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_TRUE(self->rep.ack.has_offs);
	TH_LOG("dangling BID: %s at offset %u", self->rep.ack.msg, self->rep.ack.offs);
	if (self->rep.ack.has_offs && self->rep.ack.offs + NLA_HDRLEN + 2 <= self->req.u.nlh.nlmsg_len) {
		const struct nlattr *bad = (const void *)(self->req.u.buf + self->rep.ack.offs);

		EXPECT_EQ(PMIP6_A_FMC_BID, bad->nla_type & NLA_TYPE_MASK);
		EXPECT_EQ(9, get_u16(bad)) TH_LOG("extack points at the wrong BID");
	}

	/* Unknown MN. */
	f = (struct fmc){ MN2, 3, 10, 6, { 1 }, 0 };
	EXPECT_EQ(-ENOENT, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &f));
	EXPECT_TRUE(self->rep.ack.has_msg);

	/* Duplicate BID within the entry. */
	f = (struct fmc){ MN1, 3, 10, 6, { 1, 1 }, 0 };
	EXPECT_EQ(-EINVAL, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &f));
	EXPECT_TRUE(self->rep.ack.has_msg);

	/* No BID at all. */
	f = (struct fmc){ MN1, 3, 10, 6, { 0 }, 0 };
	EXPECT_EQ(-EINVAL, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &f));
	EXPECT_TRUE(self->rep.ack.has_msg);

	/* Bad action. */
	f = (struct fmc){ MN1, 3, 10, 6, { 1 }, 3 };
	rc = fmc_cmd(self, PMIP6_CMD_FMC_NEW, &f);
	EXPECT_GT(0, rc);
	EXPECT_TRUE(self->rep.ack.has_msg);

	/* Flow label above 20 bits. */
	f = (struct fmc){ MN1, 3, 10, 0, { 1 }, 0 };
	fmc_req(&self->req, self->fam, PMIP6_CMD_FMC_NEW, &f, &nest);
	ts = rnl_nest_start(&self->req, PMIP6_A_FMC_TS);
	rnl_put_u32(&self->req, PMIP6_A_TS_FLOW_LABEL_START, 0x100000);
	rnl_nest_end(&self->req, ts);
	rnl_nest_end(&self->req, nest);
	EXPECT_GT(0, do_req(self));
	EXPECT_TRUE(self->rep.ack.has_msg);
	TH_LOG("flow label: %s", self->rep.ack.msg);

	/* End below start. */
	fmc_req(&self->req, self->fam, PMIP6_CMD_FMC_NEW, &f, &nest);
	ts = rnl_nest_start(&self->req, PMIP6_A_FMC_TS);
	put_u16(&self->req, PMIP6_A_TS_DST_PORT_START, 100);
	put_u16(&self->req, PMIP6_A_TS_DST_PORT_END, 99);
	rnl_nest_end(&self->req, ts);
	rnl_nest_end(&self->req, nest);
	EXPECT_EQ(-EINVAL, do_req(self));
	EXPECT_TRUE(self->rep.ack.has_msg);
	TH_LOG("ports: %s", self->rep.ack.msg);

	/* End without start. */
	fmc_req(&self->req, self->fam, PMIP6_CMD_FMC_NEW, &f, &nest);
	ts = rnl_nest_start(&self->req, PMIP6_A_FMC_TS);
	put_u16(&self->req, PMIP6_A_TS_SRC_PORT_END, 99);
	rnl_nest_end(&self->req, ts);
	rnl_nest_end(&self->req, nest);
	EXPECT_EQ(-EINVAL, do_req(self));
	EXPECT_TRUE(self->rep.ack.has_msg);

	/* Read-only active flag. */
	fmc_req(&self->req, self->fam, PMIP6_CMD_FMC_NEW, &f, &nest);
	rnl_put_u8(&self->req, PMIP6_A_FMC_ACTIVE, 1);
	rnl_nest_end(&self->req, nest);
	EXPECT_GT(0, do_req(self));
	EXPECT_TRUE(self->rep.ack.has_msg);

	/* SET of a missing entry. */
	f = (struct fmc){ MN1, 3, 10, 6, { 1 }, 0 };
	EXPECT_EQ(-ENOENT, fmc_cmd(self, PMIP6_CMD_FMC_SET, &f));
	EXPECT_TRUE(self->rep.ack.has_msg);

	EXPECT_EQ(gen, generation(self));
	EXPECT_EQ(1, dump_count(self, PMIP6_CMD_FMC_GET));
}

TEST_F(c, fmc_ts_roundtrip)
{
	const struct nlattr *tb[PMIP6_A_FMC_MAX + 1], *tt[PMIP6_A_TS_MAX + 1];
	struct fmc f = { MN1, 5, 1, 0, { 1 }, 0 };
	struct in6_addr lo = addr6("2001:db8::1"), hi = addr6("2001:db8::ff");
	size_t nest, ts;

	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_wifi));
	fmc_req(&self->req, self->fam, PMIP6_CMD_FMC_NEW, &f, &nest);
	ts = rnl_nest_start(&self->req, PMIP6_A_FMC_TS);
	rnl_put(&self->req, PMIP6_A_TS_SRC_ADDR_START, &lo, 16);
	rnl_put(&self->req, PMIP6_A_TS_SRC_ADDR_END, &hi, 16);
	rnl_put(&self->req, PMIP6_A_TS_DST_ADDR_START, &lo, 16);
	rnl_put_u32(&self->req, PMIP6_A_TS_SPI_START, 100);
	rnl_put_u32(&self->req, PMIP6_A_TS_SPI_END, 200);
	rnl_put_u32(&self->req, PMIP6_A_TS_FLOW_LABEL_START, 0xfffff);
	put_u16(&self->req, PMIP6_A_TS_SRC_PORT_START, 1024);
	put_u16(&self->req, PMIP6_A_TS_SRC_PORT_END, 65535);
	put_u16(&self->req, PMIP6_A_TS_DST_PORT_START, 80);
	rnl_put_u8(&self->req, PMIP6_A_TS_TRAFFIC_CLASS_START, 0);
	rnl_put_u8(&self->req, PMIP6_A_TS_TRAFFIC_CLASS_END, 63);
	rnl_put_u8(&self->req, PMIP6_A_TS_NEXT_HEADER_START, 17);
	rnl_nest_end(&self->req, ts);
	rnl_nest_end(&self->req, nest);
	ASSERT_EQ(0, do_req(self)) TH_LOG("%s", self->rep.ack.msg);

	ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_GET, &f));
	ASSERT_EQ(0, reply_nest(self, PMIP6_A_FMC, tb, PMIP6_A_FMC_MAX));
	ASSERT_NE(NULL, tb[PMIP6_A_FMC_TS]);
	ASSERT_EQ(0, rnl_parse(rnl_attr_data(tb[PMIP6_A_FMC_TS]),
			       rnl_attr_len(tb[PMIP6_A_FMC_TS]), tt, PMIP6_A_TS_MAX));
	/* What was sent comes back, and only that. */
	EXPECT_NE(NULL, tt[PMIP6_A_TS_SRC_ADDR_END]);
	EXPECT_EQ(NULL, tt[PMIP6_A_TS_DST_ADDR_END]);
	EXPECT_EQ(NULL, tt[PMIP6_A_TS_FLOW_LABEL_END]);
	EXPECT_EQ(NULL, tt[PMIP6_A_TS_DST_PORT_END]);
	EXPECT_EQ(NULL, tt[PMIP6_A_TS_NEXT_HEADER_END]);
	EXPECT_EQ(12, count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_SRC_ADDR_START) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_SRC_ADDR_END) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_DST_ADDR_START) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_SPI_START) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_SPI_END) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_FLOW_LABEL_START) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_SRC_PORT_START) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_SRC_PORT_END) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_DST_PORT_START) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_TRAFFIC_CLASS_START) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_TRAFFIC_CLASS_END) +
		      count_type(tb[PMIP6_A_FMC_TS], PMIP6_A_TS_NEXT_HEADER_START));
	ASSERT_NE(NULL, tt[PMIP6_A_TS_SRC_PORT_END]);
	EXPECT_EQ(65535, get_u16(tt[PMIP6_A_TS_SRC_PORT_END]));
	EXPECT_EQ(0, memcmp(&hi, rnl_attr_data(tt[PMIP6_A_TS_SRC_ADDR_END]), 16));
	EXPECT_EQ(1, get_u8(tb[PMIP6_A_FMC_ACTIVE]));
	EXPECT_EQ(PMIP6_FMC_ACTION_FORWARD,
		  *(const uint32_t *)rnl_attr_data(tb[PMIP6_A_FMC_ACTION]));
}

TEST_F(c, per_mn_limits)
{
	struct bce b = { MN1, 1, 0, NULL, { "2001:db8:1::" } };
	struct fmc f = { MN1, 1, 0, 6, { 1 }, 0 };
	uint32_t gen;

	for (int i = 1; i <= PMIP6_BCE_PER_MN_MAX; i++) {
		b.bid = i;
		ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &b))
			TH_LOG("BCE %d: %s", i, self->rep.ack.msg);
	}
	gen = generation(self);
	b.bid = PMIP6_BCE_PER_MN_MAX + 1;
	EXPECT_EQ(-ENOSPC, bce_cmd(self, PMIP6_CMD_BCE_NEW, &b));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(gen, generation(self));

	for (int i = 1; i <= PMIP6_FMC_PER_MN_MAX; i++) {
		f.fid = i;
		ASSERT_EQ(0, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &f))
			TH_LOG("FMC %d: %s", i, self->rep.ack.msg);
	}
	gen = generation(self);
	f.fid = PMIP6_FMC_PER_MN_MAX + 1;
	EXPECT_EQ(-ENOSPC, fmc_cmd(self, PMIP6_CMD_FMC_NEW, &f));
	EXPECT_TRUE(self->rep.ack.has_msg);
	EXPECT_EQ(gen, generation(self));
	EXPECT_EQ(PMIP6_BCE_PER_MN_MAX, dump_count(self, PMIP6_CMD_BCE_GET));
	EXPECT_EQ(PMIP6_FMC_PER_MN_MAX, dump_count(self, PMIP6_CMD_FMC_GET));
}

/* Creates n BCEs, one MN each, in batches without ACKs; 0 or -errno. */
static int bulk_bce_new(FIXTURE_DATA(c) *self, int n)
{
	static unsigned char batch[1 << 17];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char mn[32], pfx[64];
	int i = 0;

	while (i < n) {
		size_t len = 0;

		for (; i < n && len + 512 < sizeof(batch); i++) {
			struct bce b = { mn, 1, 0, NULL, { pfx } };

			snprintf(mn, sizeof(mn), "mn%d@example.org", i);
			snprintf(pfx, sizeof(pfx), "2001:db8:%x:%x::", i >> 16, i & 0xffff);
			bce_req(&self->req, self->fam, PMIP6_CMD_BCE_NEW, &b, NULL);
			/* No ACK: only failures answer. */
			self->req.u.nlh.nlmsg_flags = NLM_F_REQUEST;
			self->req.u.nlh.nlmsg_seq = ++self->sk.seq;
			memcpy(batch + len, self->req.u.buf, self->req.u.nlh.nlmsg_len);
			len += NLMSG_ALIGN(self->req.u.nlh.nlmsg_len);
		}
		if (sendto(self->sk.fd, batch, len, 0, (struct sockaddr *)&sa,
			   sizeof(sa)) != (ssize_t)len)
			return -errno;
	}
	/* A final request with an ACK: any earlier error arrives first. */
	rnl_req_init(&self->req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_GET,
		     PMIP6_GENL_VERSION);
	self->req.u.nlh.nlmsg_seq = ++self->sk.seq;
	if (sendto(self->sk.fd, self->req.u.buf, self->req.u.nlh.nlmsg_len, 0,
		   (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	for (;;) {
		ssize_t got = recv(self->sk.fd, batch, sizeof(batch), 0);
		const struct nlmsghdr *nlh;

		if (got < 0)
			return -errno;
		for (nlh = (const void *)batch; NLMSG_OK(nlh, (size_t)got);
		     nlh = NLMSG_NEXT(nlh, got)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int err = ((const struct nlmsgerr *)NLMSG_DATA(nlh))->error;

				if (err)
					return err;
			}
			if (nlh->nlmsg_seq == self->sk.seq)
				return 0;
		}
	}
}

struct mid_ctx {
	FIXTURE_DATA(c) *self;
	int rc;
};

/* During a dump: a change through a second socket of the same netns. */
static void mid_change(void *p)
{
	struct mid_ctx *m = p;
	struct bce b = { MN2, 9, 0, NULL, { "2001:db9::" } };
	static struct rnl_reply rep;
	static struct rnl_req req;
	struct rnl_sock s2;

	m->rc = rnl_open(&s2);
	if (m->rc)
		return;
	bce_req(&req, m->self->fam, PMIP6_CMD_BCE_NEW, &b, NULL);
	m->rc = rnl_transact(&s2, &req, &rep);
	rnl_close(&s2);
}

/*
 * Writers in two processes (BCEs coming and going, FMC entries following
 * them) while this one dumps: every dump ends, the uninterrupted ones are
 * consistent, and the final state is what the writers left.
 */
static int churn(uint16_t fam, int id, int rounds)
{
	static struct rnl_reply rep;
	static struct rnl_req req;
	char mn[32], pfx[64];
	struct rnl_sock s;

	if (rnl_open(&s))
		return 1;
	snprintf(mn, sizeof(mn), "churn%d", id);
	for (int i = 0; i < rounds; i++) {
		struct bce b1 = { mn, 1, 1, NULL, { pfx } };
		struct bce b2 = { mn, 2, 2, NULL, { pfx } };
		struct fmc f = { mn, 1, 1, 6, { 1, 2 }, 0 };

		snprintf(pfx, sizeof(pfx), "2001:db8:%x:%x::", 0x100 + id, i & 0xff);
		bce_req(&req, fam, PMIP6_CMD_BCE_NEW, &b1, NULL);
		if (rnl_transact(&s, &req, &rep))
			return 2;
		bce_req(&req, fam, PMIP6_CMD_BCE_NEW, &b2, NULL);
		if (rnl_transact(&s, &req, &rep))
			return 3;
		fmc_req(&req, fam, PMIP6_CMD_FMC_NEW, &f, NULL);
		if (rnl_transact(&s, &req, &rep))
			return 4;
		bce_req(&req, fam, PMIP6_CMD_BCE_DEL, &b1, NULL);
		if (rnl_transact(&s, &req, &rep))
			return 5;
		bce_req(&req, fam, PMIP6_CMD_BCE_DEL, &b2, NULL);
		if (rnl_transact(&s, &req, &rep))
			return 6;
		fmc_req(&req, fam, PMIP6_CMD_FMC_DEL, &f, NULL);
		if (rnl_transact(&s, &req, &rep))
			return 7;
	}
	rnl_close(&s);
	return 0;
}

TEST_F_TIMEOUT(c, concurrent_writers, 300)
{
	pid_t pids[2];
	int status, done = 0, dumps = 0, intr_dumps = 0;
	long n;
	bool intr;

	/* A fixed population the churn must not disturb. */
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_wifi));
	ASSERT_EQ(0, bce_cmd(self, PMIP6_CMD_BCE_NEW, &fig9_3gpp));

	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0)
			_exit(churn(self->fam, i, 300));
	}
	while (done < 2) {
		ASSERT_EQ(0, dump(self, PMIP6_CMD_BCE_GET, &n, &intr, NULL, NULL));
		dumps++;
		intr_dumps += intr;
		/* 2 fixed + 0..2 per writer. */
		if (!intr) {
			EXPECT_LE(2, n);
			EXPECT_GE(6, n);
		}
		ASSERT_EQ(0, dump(self, PMIP6_CMD_FMC_GET, &n, &intr, NULL, NULL));
		for (int i = 0; i < 2; i++) {
			if (pids[i] && waitpid(pids[i], &status, WNOHANG) == pids[i]) {
				EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
					TH_LOG("writer %d failed at step %d", i,
					       WEXITSTATUS(status));
				pids[i] = 0;
				done++;
			}
		}
	}
	TH_LOG("%d dumps, %d interrupted", dumps, intr_dumps);
	EXPECT_EQ(2, dump_count(self, PMIP6_CMD_BCE_GET));
	EXPECT_EQ(0, dump_count(self, PMIP6_CMD_FMC_GET));
}

#define BIG 100000

TEST_F_TIMEOUT(c, dump_100k, 900)
{
	struct mid_ctx m = { self, -1 };
	long n;
	bool intr;

	ASSERT_EQ(0, bulk_bce_new(self, BIG));
	ASSERT_EQ(0, dump(self, PMIP6_CMD_BCE_GET, &n, &intr, NULL, NULL));
	EXPECT_EQ(BIG, n);
	EXPECT_FALSE(intr);

	/* A change in the middle: the dump says so. */
	ASSERT_EQ(0, dump(self, PMIP6_CMD_BCE_GET, &n, &intr, mid_change, &m));
	EXPECT_EQ(0, m.rc);
	EXPECT_TRUE(intr) TH_LOG("no NLM_F_DUMP_INTR after a change mid-dump");

	/* And a retry sees the new state, consistent. */
	ASSERT_EQ(0, dump(self, PMIP6_CMD_BCE_GET, &n, &intr, NULL, NULL));
	EXPECT_EQ(BIG + 1, n);
	EXPECT_FALSE(intr);
}

TEST_HARNESS_MAIN
