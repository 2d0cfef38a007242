// SPDX-License-Identifier: GPL-2.0
/*
 * The pmip6 generic netlink family seen from userspace
 * (Documentation/netlink/specs/pmip6.yaml), over raw netlink sockets so
 * that malformed requests can be sent. Every test runs in a fresh network
 * namespace (unshare(CLONE_NEWNET) in the fixture setup; the harness runs
 * each test in its own child process).
 *
 * Fixture nl: what the family does.
 *   version_get           version string and family version 1
 *   instance_get_fresh    a new netns: no role, no address, generation and
 *                         the netns cookie (== SO_NETNS_COOKIE) present
 *   instance_set_get      set shows up in get, generation grows; a set
 *                         without local-addr leaves the address alone
 *   instance_per_netns    state belongs to the netns of the socket
 *   remote_prefixes       an LMA's remote prefixes: set, kept by a set
 *                         without them, cleared by an empty list, and
 *                         refused on a MAG until cleared
 *   no_cap_net_admin      every op refuses a caller without CAP_NET_ADMIN
 *   userns_owner          CAP_NET_ADMIN counts in the user namespace that
 *                         owns the netns (uns-admin-perm), not elsewhere
 *
 * Fixture bad (one variant per malformed request): the request is refused
 * with the expected errno, with an extended ACK saying why wherever the
 * module or its policy decides (the genetlink core answers unknown commands,
 * dumps of do-only commands and missing capabilities with a bare errno),
 * pointing at the offending attribute (NLMSGERR_ATTR_OFFS) or naming the
 * missing one (NLMSGERR_ATTR_MISS_TYPE/_NEST); and the instance is exactly
 * as before (role, address, generation).
 *
 * Needs root and a loadable pmip6.ko (the test VM): resolving the family
 * by name autoloads the module.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/pmip6.h>

#include "kselftest_harness.h"
#include "rawnl.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

static const uint32_t family_version = PMIP6_GENL_VERSION;
static const uint32_t role_lma = PMIP6_ROLE_LMA;
static const uint32_t role_mag = PMIP6_ROLE_MAG;

/* The instance as INSTANCE_GET reports it. */
struct inst {
	bool has_role;
	uint32_t role;
	bool has_addr;
	struct in6_addr addr;
	bool has_gen;
	uint32_t gen;
	bool has_cookie;
	uint64_t cookie;
	unsigned int n_remote;
	struct in6_addr remote[PMIP6_REMOTE_PREFIX_MAX];
	uint8_t remote_len[PMIP6_REMOTE_PREFIX_MAX];
};

static struct in6_addr addr6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

/* Set in every bad.* fixture before the bad request ... */
#define ADDR_BEFORE "2001:db8::1"
/* ... and what the bad requests try to set. */
#define ADDR_OTHER "2001:db8::2"

static uint64_t sock_netns_cookie(int fd)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0)
		return 0;
	return cookie;
}

/* Copy a fixed-size attribute; false if its length is not exactly n. */
static bool get_fixed(const struct nlattr *a, void *dst, size_t n)
{
	if (rnl_attr_len(a) != n)
		return false;
	memcpy(dst, rnl_attr_data(a), n);
	return true;
}

/* INSTANCE_GET: the kernel's error, or -EPROTO for a malformed reply. */
static int inst_get(struct rnl_sock *s, uint16_t fam, struct inst *out)
{
	const struct nlattr *tb[PMIP6_A_MAX + 1], *it[PMIP6_A_INSTANCE_MAX + 1];
	static struct rnl_reply rep;
	static struct rnl_req req;
	const void *attrs;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	rnl_req_init(&req, fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_GET, PMIP6_GENL_VERSION);
	rc = rnl_transact(s, &req, &rep);
	if (rc)
		return rc;
	attrs = rnl_reply_attrs(&rep, &len);
	if (!attrs || rnl_parse(attrs, len, tb, PMIP6_A_MAX) || !tb[PMIP6_A_INSTANCE] ||
	    rnl_parse(rnl_attr_data(tb[PMIP6_A_INSTANCE]), rnl_attr_len(tb[PMIP6_A_INSTANCE]),
		      it, PMIP6_A_INSTANCE_MAX))
		return -EPROTO;

	if (it[PMIP6_A_INSTANCE_ROLE] &&
	    !(out->has_role = get_fixed(it[PMIP6_A_INSTANCE_ROLE], &out->role, 4)))
		return -EPROTO;
	if (it[PMIP6_A_INSTANCE_LOCAL_ADDR] &&
	    !(out->has_addr = get_fixed(it[PMIP6_A_INSTANCE_LOCAL_ADDR], &out->addr, 16)))
		return -EPROTO;
	if (it[PMIP6_A_INSTANCE_GENERATION] &&
	    !(out->has_gen = get_fixed(it[PMIP6_A_INSTANCE_GENERATION], &out->gen, 4)))
		return -EPROTO;
	if (it[PMIP6_A_INSTANCE_NETNS_COOKIE] &&
	    !(out->has_cookie = get_fixed(it[PMIP6_A_INSTANCE_NETNS_COOKIE], &out->cookie, 8)))
		return -EPROTO;
	if (it[PMIP6_A_INSTANCE_REMOTE_PREFIXES]) {
		const struct nlattr *list = it[PMIP6_A_INSTANCE_REMOTE_PREFIXES];
		const struct nlattr *pt[PMIP6_A_HNP_MAX + 1];
		const struct nlattr *e = rnl_attr_data(list);
		size_t rem = rnl_attr_len(list);

		/* Entries one after another, each a prefix/prefix-len nest. */
		while (rem >= NLA_HDRLEN && e->nla_len >= NLA_HDRLEN && e->nla_len <= rem) {
			unsigned int i = out->n_remote;
			size_t step;

			if (i == PMIP6_REMOTE_PREFIX_MAX ||
			    (e->nla_type & NLA_TYPE_MASK) != PMIP6_A_REMOTE_PREFIXES_PREFIX ||
			    rnl_parse(rnl_attr_data(e), rnl_attr_len(e), pt, PMIP6_A_HNP_MAX) ||
			    !pt[PMIP6_A_HNP_PREFIX] || !pt[PMIP6_A_HNP_PREFIX_LEN] ||
			    !get_fixed(pt[PMIP6_A_HNP_PREFIX], &out->remote[i], 16) ||
			    !get_fixed(pt[PMIP6_A_HNP_PREFIX_LEN], &out->remote_len[i], 1))
				return -EPROTO;
			out->n_remote++;
			step = NLA_ALIGN((size_t)e->nla_len);
			if (step >= rem)
				break;
			rem -= step;
			e = (const struct nlattr *)((const char *)e + step);
		}
	}
	return 0;
}

/*
 * Puts a remote prefix list of n entries 2001:db8:K::/48, K = 1.., or n
 * times 2001:db8:1::/48 if same; *last (if not NULL) gets the last one's
 * offset.
 */
static size_t put_remote(struct rnl_req *r, unsigned int n, bool same, size_t *last)
{
	size_t list = rnl_nest_start(r, PMIP6_A_INSTANCE_REMOTE_PREFIXES);

	for (unsigned int k = 1; k <= n; k++) {
		struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, 0,
						   (uint8_t)(same ? 1 : k) } };
		size_t e = rnl_nest_start(r, PMIP6_A_REMOTE_PREFIXES_PREFIX);

		rnl_put(r, PMIP6_A_HNP_PREFIX, &a, sizeof(a));
		rnl_put_u8(r, PMIP6_A_HNP_PREFIX_LEN, 48);
		rnl_nest_end(r, e);
		if (last)
			*last = e;
	}
	rnl_nest_end(r, list);
	return list;
}

/* INSTANCE_SET of role with a remote prefix list of n entries (put_remote()). */
static int inst_set_remote(struct rnl_sock *s, uint16_t fam, uint32_t role, unsigned int n,
			   struct rnl_ack *ack)
{
	static struct rnl_reply rep;
	static struct rnl_req req;
	size_t nest;
	int rc;

	rnl_req_init(&req, fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_SET, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(&req, PMIP6_A_INSTANCE);
	rnl_put_u32(&req, PMIP6_A_INSTANCE_ROLE, role);
	put_remote(&req, n, false, NULL);
	rnl_nest_end(&req, nest);
	rc = rnl_transact(s, &req, &rep);
	if (ack)
		*ack = rep.ack;
	return rc;
}

/* INSTANCE_SET with a well-formed request; addr may be NULL. */
static int inst_set(struct rnl_sock *s, uint16_t fam, uint32_t role,
		    const struct in6_addr *addr, struct rnl_ack *ack)
{
	static struct rnl_reply rep;
	static struct rnl_req req;
	size_t nest;
	int rc;

	rnl_req_init(&req, fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_SET, PMIP6_GENL_VERSION);
	nest = rnl_nest_start(&req, PMIP6_A_INSTANCE);
	rnl_put_u32(&req, PMIP6_A_INSTANCE_ROLE, role);
	if (addr)
		rnl_put(&req, PMIP6_A_INSTANCE_LOCAL_ADDR, addr, sizeof(*addr));
	rnl_nest_end(&req, nest);
	rc = rnl_transact(s, &req, &rep);
	if (ack)
		*ack = rep.ack;
	return rc;
}

/* A request with no attributes; returns the ACK's error. */
static int simple_cmd(struct rnl_sock *s, uint16_t fam, uint8_t cmd)
{
	static struct rnl_reply rep;
	static struct rnl_req req;

	rnl_req_init(&req, fam, RNL_F_DEFAULT, cmd, PMIP6_GENL_VERSION);
	return rnl_transact(s, &req, &rep);
}

static const char *addr_str(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static void expect_same(struct __test_metadata *_metadata,
			const struct inst *before, const struct inst *after)
{
	char b[INET6_ADDRSTRLEN], a[INET6_ADDRSTRLEN];

	EXPECT_EQ(before->has_role, after->has_role);
	EXPECT_EQ(before->role, after->role);
	EXPECT_EQ(before->has_addr, after->has_addr);
	EXPECT_EQ(0, memcmp(&before->addr, &after->addr, sizeof(before->addr)))
		TH_LOG("local-addr was %s, is %s", addr_str(&before->addr, b),
		       addr_str(&after->addr, a));
	EXPECT_EQ(before->has_gen, after->has_gen);
	EXPECT_EQ(before->gen, after->gen) TH_LOG("generation moved");
	EXPECT_EQ(before->cookie, after->cookie);
	EXPECT_EQ(before->n_remote, after->n_remote) TH_LOG("remote prefixes changed");
}

/* Enter a fresh netns and find the family there. */
static void netns_setup(struct __test_metadata *_metadata, struct rnl_sock *sk,
			uint16_t *fam, uint32_t *ctrl_version)
{
	int rc;

	sk->fd = -1;
	ASSERT_EQ(0, unshare(CLONE_NEWNET))
		TH_LOG("unshare(CLONE_NEWNET): %s (needs root)", strerror(errno));
	rc = rnl_open(sk);
	ASSERT_EQ(0, rc) TH_LOG("netlink socket: %s", strerror(-rc));
	rc = rnl_genl_resolve(sk, PMIP6_GENL_NAME, fam, ctrl_version);
	ASSERT_EQ(0, rc)
		TH_LOG("generic netlink family '%s': %s (is pmip6.ko loadable?)",
		       PMIP6_GENL_NAME, strerror(-rc));
}

/*
 * Run fn in a child process, which fills res[0..n-1] (preset to INT_MIN)
 * and passes them back through a pipe. The child must not use the harness
 * macros. Returns 0, or -1 if the child did not report.
 */
static int in_child(void (*fn)(void *ctx, int *res), void *ctx, int *res, size_t n)
{
	size_t bytes = n * sizeof(*res);
	int p[2], status;
	ssize_t got;
	pid_t pid;

	for (size_t i = 0; i < n; i++)
		res[i] = INT_MIN;
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(p[0]);
		fn(ctx, res);
		_exit(write(p[1], res, bytes) == (ssize_t)bytes ? 0 : 1);
	}
	close(p[1]);
	got = read(p[0], res, bytes);
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return got == (ssize_t)bytes && WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

/* Clear CAP_NET_ADMIN from the effective set; 0 or -errno. */
static int drop_cap_net_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	int i = CAP_TO_INDEX(CAP_NET_ADMIN);

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[i].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &h, d))
		return -errno;
	if (syscall(SYS_capget, &h, d))
		return -errno;
	return d[i].effective & CAP_TO_MASK(CAP_NET_ADMIN) ? -EPERM : 0;
}

FIXTURE(nl) {
	struct rnl_sock sk;
	uint16_t fam;
	uint32_t ctrl_version;
};

FIXTURE_SETUP(nl)
{
	netns_setup(_metadata, &self->sk, &self->fam, &self->ctrl_version);
}

FIXTURE_TEARDOWN(nl)
{
	rnl_close(&self->sk);
}

TEST_F(nl, version_get)
{
	static struct rnl_reply rep;
	static struct rnl_req req;
	const struct nlattr *tb[PMIP6_A_MAX + 1];
	const struct genlmsghdr *g;
	const void *attrs;
	const char *v;
	uint32_t fv;
	size_t len;
	int rc;

	EXPECT_EQ(family_version, self->ctrl_version) TH_LOG("CTRL_ATTR_VERSION");

	rnl_req_init(&req, self->fam, RNL_F_DEFAULT, PMIP6_CMD_VERSION_GET, PMIP6_GENL_VERSION);
	rc = rnl_transact(&self->sk, &req, &rep);
	ASSERT_EQ(0, rc) TH_LOG("VERSION_GET: %s (%s)", strerror(-rc), rep.ack.msg);
	ASSERT_TRUE(rep.has_msg) TH_LOG("no reply before the ACK");
	EXPECT_EQ(self->fam, rep.u.nlh.nlmsg_type);
	g = (const struct genlmsghdr *)(rep.u.buf + NLMSG_HDRLEN);
	EXPECT_EQ(PMIP6_CMD_VERSION_GET, g->cmd);
	EXPECT_EQ(PMIP6_GENL_VERSION, g->version);

	attrs = rnl_reply_attrs(&rep, &len);
	ASSERT_NE(NULL, attrs);
	ASSERT_EQ(0, rnl_parse(attrs, len, tb, PMIP6_A_MAX));

	ASSERT_NE(NULL, tb[PMIP6_A_VERSION]) TH_LOG("no version attribute");
	v = rnl_attr_data(tb[PMIP6_A_VERSION]);
	len = rnl_attr_len(tb[PMIP6_A_VERSION]);
	ASSERT_LT((size_t)1, len) TH_LOG("empty version string");
	ASSERT_EQ('\0', v[len - 1]) TH_LOG("version string not NUL-terminated");
	EXPECT_EQ(len - 1, strlen(v)) TH_LOG("NUL inside the version string");
	for (const char *p = v; *p; p++) {
		EXPECT_TRUE(isprint((unsigned char)*p))
			TH_LOG("byte 0x%02x in the version string", (unsigned char)*p);
	}
	TH_LOG("module version '%s'", v);

	ASSERT_NE(NULL, tb[PMIP6_A_FAMILY_VERSION]) TH_LOG("no family-version attribute");
	ASSERT_TRUE(get_fixed(tb[PMIP6_A_FAMILY_VERSION], &fv, sizeof(fv)));
	EXPECT_EQ(family_version, fv);
}

TEST_F(nl, instance_get_fresh)
{
	uint64_t cookie = sock_netns_cookie(self->sk.fd);
	struct inst in;
	int rc;

	rc = inst_get(&self->sk, self->fam, &in);
	ASSERT_EQ(0, rc) TH_LOG("INSTANCE_GET: %s", strerror(-rc));
	EXPECT_FALSE(in.has_role) TH_LOG("role %u in a fresh netns", in.role);
	EXPECT_FALSE(in.has_addr) TH_LOG("local-addr in a fresh netns");
	EXPECT_TRUE(in.has_gen) TH_LOG("no generation");
	ASSERT_TRUE(in.has_cookie) TH_LOG("no netns-cookie");
	if (cookie)
		EXPECT_EQ(cookie, in.cookie) TH_LOG("netns-cookie is not SO_NETNS_COOKIE");
}

TEST_F(nl, instance_set_get)
{
	struct in6_addr a1 = addr6(ADDR_BEFORE);
	struct inst in0, in1, in2;
	struct rnl_ack ack;
	int rc;

	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &in0));

	rc = inst_set(&self->sk, self->fam, PMIP6_ROLE_LMA, &a1, &ack);
	ASSERT_EQ(0, rc) TH_LOG("INSTANCE_SET: %s (%s)", strerror(-rc), ack.msg);
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &in1));
	ASSERT_TRUE(in1.has_role);
	EXPECT_EQ(role_lma, in1.role);
	ASSERT_TRUE(in1.has_addr);
	EXPECT_EQ(0, memcmp(&a1, &in1.addr, sizeof(a1)));
	ASSERT_TRUE(in1.has_gen);
	EXPECT_LT(in0.gen, in1.gen) TH_LOG("generation did not grow");
	EXPECT_EQ(in0.cookie, in1.cookie);

	/* No local-addr: the role changes, the address stays. */
	rc = inst_set(&self->sk, self->fam, PMIP6_ROLE_MAG, NULL, &ack);
	ASSERT_EQ(0, rc) TH_LOG("INSTANCE_SET: %s (%s)", strerror(-rc), ack.msg);
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &in2));
	ASSERT_TRUE(in2.has_role);
	EXPECT_EQ(role_mag, in2.role);
	ASSERT_TRUE(in2.has_addr) TH_LOG("a set without local-addr cleared it");
	EXPECT_EQ(0, memcmp(&a1, &in2.addr, sizeof(a1)));
	EXPECT_LT(in1.gen, in2.gen) TH_LOG("generation did not grow");
}

TEST_F(nl, remote_prefixes)
{
	struct in6_addr a1 = addr6(ADDR_BEFORE), want = addr6("2001:db8:2::");
	struct rnl_ack ack;
	struct inst in;
	int rc;

	rc = inst_set(&self->sk, self->fam, PMIP6_ROLE_LMA, &a1, &ack);
	ASSERT_EQ(0, rc) TH_LOG("INSTANCE_SET: %s (%s)", strerror(-rc), ack.msg);
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &in));
	EXPECT_EQ(0u, in.n_remote);

	rc = inst_set_remote(&self->sk, self->fam, PMIP6_ROLE_LMA, 16, &ack);
	ASSERT_EQ(0, rc) TH_LOG("INSTANCE_SET: %s (%s)", strerror(-rc), ack.msg);
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &in));
	ASSERT_EQ(16u, in.n_remote);
	EXPECT_EQ(0, memcmp(&want, &in.remote[1], sizeof(want)));
	EXPECT_EQ(48, in.remote_len[1]);

	/* A set without the list keeps it. */
	rc = inst_set(&self->sk, self->fam, PMIP6_ROLE_LMA, NULL, &ack);
	ASSERT_EQ(0, rc) TH_LOG("INSTANCE_SET: %s (%s)", strerror(-rc), ack.msg);
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &in));
	EXPECT_EQ(16u, in.n_remote);

	/* A MAG has none: refused while the list is there, and unchanged. */
	rc = inst_set(&self->sk, self->fam, PMIP6_ROLE_MAG, NULL, &ack);
	EXPECT_EQ(-EINVAL, rc);
	EXPECT_NE(NULL, strstr(ack.msg, "LMA role")) TH_LOG("kernel: '%s'", ack.msg);
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &in));
	EXPECT_EQ(role_lma, in.role);
	EXPECT_EQ(16u, in.n_remote);

	/* An empty list clears it; then the role may change. */
	rc = inst_set_remote(&self->sk, self->fam, PMIP6_ROLE_LMA, 0, &ack);
	ASSERT_EQ(0, rc) TH_LOG("INSTANCE_SET: %s (%s)", strerror(-rc), ack.msg);
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &in));
	EXPECT_EQ(0u, in.n_remote);
	rc = inst_set(&self->sk, self->fam, PMIP6_ROLE_MAG, NULL, &ack);
	EXPECT_EQ(0, rc) TH_LOG("INSTANCE_SET: %s (%s)", strerror(-rc), ack.msg);
}

TEST_F(nl, instance_per_netns)
{
	struct in6_addr a1 = addr6(ADDR_BEFORE), a2 = addr6(ADDR_OTHER);
	struct inst first, second, first_after;
	struct rnl_sock other = { .fd = -1 };
	uint64_t cookie;
	int rc;

	ASSERT_EQ(0, inst_set(&self->sk, self->fam, PMIP6_ROLE_LMA, &a1, NULL));
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &first));

	/* self->sk stays in the first netns; other is opened in a second one. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %s", strerror(errno));
	rc = rnl_open(&other);
	ASSERT_EQ(0, rc) TH_LOG("netlink socket: %s", strerror(-rc));

	ASSERT_EQ(0, inst_get(&other, self->fam, &second));
	EXPECT_FALSE(second.has_role) TH_LOG("role leaked into a new netns");
	EXPECT_FALSE(second.has_addr) TH_LOG("local-addr leaked into a new netns");
	ASSERT_TRUE(second.has_cookie);
	EXPECT_NE(first.cookie, second.cookie);
	cookie = sock_netns_cookie(other.fd);
	if (cookie)
		EXPECT_EQ(cookie, second.cookie);

	ASSERT_EQ(0, inst_set(&other, self->fam, PMIP6_ROLE_MAG, &a2, NULL));
	ASSERT_EQ(0, inst_get(&other, self->fam, &second));
	EXPECT_EQ(role_mag, second.role);
	EXPECT_EQ(0, memcmp(&a2, &second.addr, sizeof(a2)));

	/* The first netns saw none of it. */
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &first_after));
	expect_same(_metadata, &first, &first_after);
	rnl_close(&other);
}

struct child_ctx {
	struct rnl_sock *sk;
	uint16_t fam;
};

enum { NOCAP_CAPSET, NOCAP_SOCKET, NOCAP_FIRST_OP, NOCAP_N = NOCAP_FIRST_OP + 6 };

static const char *const nocap_what[] = {
	"VERSION_GET on a socket opened with the capability",
	"INSTANCE_GET on a socket opened with the capability",
	"INSTANCE_SET on a socket opened with the capability",
	"VERSION_GET on a socket opened without it",
	"INSTANCE_GET on a socket opened without it",
	"INSTANCE_SET on a socket opened without it",
};

static void nocap_child(void *arg, int *res)
{
	const struct child_ctx *c = arg;
	struct in6_addr a2 = addr6(ADDR_OTHER);
	struct rnl_sock fresh;
	struct rnl_sock *socks[2] = { c->sk, &fresh };
	struct inst in;
	int i = NOCAP_FIRST_OP;

	res[NOCAP_CAPSET] = drop_cap_net_admin();
	if (res[NOCAP_CAPSET])
		return;
	res[NOCAP_SOCKET] = rnl_open(&fresh);
	if (res[NOCAP_SOCKET])
		return;
	for (int s = 0; s < 2; s++) {
		res[i++] = simple_cmd(socks[s], c->fam, PMIP6_CMD_VERSION_GET);
		res[i++] = inst_get(socks[s], c->fam, &in);
		res[i++] = inst_set(socks[s], c->fam, PMIP6_ROLE_LMA, &a2, NULL);
	}
	rnl_close(&fresh);
}

TEST_F(nl, no_cap_net_admin)
{
	struct in6_addr a1 = addr6(ADDR_BEFORE);
	struct child_ctx c = { &self->sk, self->fam };
	struct inst before, after;
	int res[NOCAP_N];

	ASSERT_EQ(0, inst_set(&self->sk, self->fam, PMIP6_ROLE_MAG, &a1, NULL));
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &before));

	ASSERT_EQ(0, in_child(nocap_child, &c, res, NOCAP_N));
	ASSERT_EQ(0, res[NOCAP_CAPSET]) TH_LOG("capset: %s", strerror(-res[NOCAP_CAPSET]));
	ASSERT_EQ(0, res[NOCAP_SOCKET]) TH_LOG("socket: %s", strerror(-res[NOCAP_SOCKET]));
	for (int i = NOCAP_FIRST_OP; i < NOCAP_N; i++) {
		EXPECT_EQ(-EPERM, res[i])
			TH_LOG("%s: %s", nocap_what[i - NOCAP_FIRST_OP], strerror(-res[i]));
	}

	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &after));
	expect_same(_metadata, &before, &after);
}

enum { USERNS_UNSHARE, USERNS_OLD_GET, USERNS_SOCKET, USERNS_OWN_SET, USERNS_OWN_GET,
       USERNS_OWN_ROLE, USERNS_N };

static void userns_child(void *arg, int *res)
{
	const struct child_ctx *c = arg;
	struct in6_addr a2 = addr6(ADDR_OTHER);
	struct rnl_sock own;
	struct inst in;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET)) {
		res[USERNS_UNSHARE] = -errno;
		return;
	}
	res[USERNS_UNSHARE] = 0;
	/* All capabilities now, but in a user namespace that does not own the
	 * fixture's netns.
	 */
	res[USERNS_OLD_GET] = inst_get(c->sk, c->fam, &in);
	/* A netns owned by our new user namespace. */
	res[USERNS_SOCKET] = rnl_open(&own);
	if (res[USERNS_SOCKET])
		return;
	res[USERNS_OWN_SET] = inst_set(&own, c->fam, PMIP6_ROLE_LMA, &a2, NULL);
	res[USERNS_OWN_GET] = inst_get(&own, c->fam, &in);
	res[USERNS_OWN_ROLE] = in.has_role ? (int)in.role : -1;
	rnl_close(&own);
}

TEST_F(nl, userns_owner)
{
	struct in6_addr a1 = addr6(ADDR_BEFORE);
	struct child_ctx c = { &self->sk, self->fam };
	struct inst before, after;
	int res[USERNS_N];

	ASSERT_EQ(0, inst_set(&self->sk, self->fam, PMIP6_ROLE_MAG, &a1, NULL));
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &before));

	ASSERT_EQ(0, in_child(userns_child, &c, res, USERNS_N));
	if (res[USERNS_UNSHARE])
		SKIP(return, "unshare(CLONE_NEWUSER): %s", strerror(-res[USERNS_UNSHARE]));
	EXPECT_EQ(-EPERM, res[USERNS_OLD_GET])
		TH_LOG("INSTANCE_GET from a child user namespace into its parent's netns: %s",
		       strerror(-res[USERNS_OLD_GET]));
	ASSERT_EQ(0, res[USERNS_SOCKET]);
	EXPECT_EQ(0, res[USERNS_OWN_SET])
		TH_LOG("INSTANCE_SET in a netns owned by our user namespace: %s",
		       strerror(-res[USERNS_OWN_SET]));
	EXPECT_EQ(0, res[USERNS_OWN_GET]);
	EXPECT_EQ(PMIP6_ROLE_LMA, res[USERNS_OWN_ROLE]);

	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &after));
	expect_same(_metadata, &before, &after);
}

/* ---- malformed requests -------------------------------------------------- */

/* Offsets in the request that the extended ACK must point at. */
struct bad_at {
	size_t bad;	/* the offending attribute (NLMSGERR_ATTR_OFFS) */
	size_t nest;	/* the nest missing an attribute (NLMSGERR_ATTR_MISS_NEST) */
	size_t bad_len;	/* remote_req(): where it put the prefix length */
};

enum ext_want {
	EXT_NONE,	/* refused by the genetlink core with a bare errno */
	EXT_MSG,	/* a message, no attribute to blame */
	EXT_ATTR,	/* a message and OFFS == at.bad */
	EXT_MISSING,	/* a message, MISS_TYPE, and MISS_NEST == at.nest if set */
};

#define BUILD(name) \
	static void build_##name(struct rnl_req *r, uint16_t fam, \
				 struct bad_at __attribute__((unused)) *at)

static void set_init(struct rnl_req *r, uint16_t fam, uint16_t flags)
{
	rnl_req_init(r, fam, flags, PMIP6_CMD_INSTANCE_SET, PMIP6_GENL_VERSION);
}

/* A valid instance nest that would change the fixture's state. */
static size_t put_valid_instance(struct rnl_req *r)
{
	struct in6_addr a = addr6(ADDR_OTHER);
	size_t nest = rnl_nest_start(r, PMIP6_A_INSTANCE);

	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	rnl_put(r, PMIP6_A_INSTANCE_LOCAL_ADDR, &a, sizeof(a));
	rnl_nest_end(r, nest);
	return nest;
}

BUILD(unknown_cmd)
{
	rnl_req_init(r, fam, RNL_F_DEFAULT, PMIP6_CMD_MAX + 1, PMIP6_GENL_VERSION);
	put_valid_instance(r);
}

BUILD(cmd_zero)
{
	rnl_req_init(r, fam, RNL_F_DEFAULT, 0, PMIP6_GENL_VERSION);
	put_valid_instance(r);
}

BUILD(dump_version_get)
{
	rnl_req_init(r, fam, RNL_F_DEFAULT | NLM_F_DUMP, PMIP6_CMD_VERSION_GET,
		     PMIP6_GENL_VERSION);
}

BUILD(dump_instance_get)
{
	rnl_req_init(r, fam, RNL_F_DEFAULT | NLM_F_DUMP, PMIP6_CMD_INSTANCE_GET,
		     PMIP6_GENL_VERSION);
}

BUILD(dump_instance_set)
{
	set_init(r, fam, RNL_F_DEFAULT | NLM_F_DUMP);
	put_valid_instance(r);
}

BUILD(nlmsg_flags_create_excl)
{
	set_init(r, fam, RNL_F_DEFAULT | NLM_F_CREATE | NLM_F_EXCL);
	put_valid_instance(r);
}

BUILD(genl_reserved)
{
	set_init(r, fam, RNL_F_DEFAULT);
	rnl_req_genl(r)->reserved = 1;
	put_valid_instance(r);
}

BUILD(trailing_bytes)
{
	static const unsigned char junk[2] = { 0xde, 0xad };

	set_init(r, fam, RNL_F_DEFAULT);
	put_valid_instance(r);
	rnl_append(r, junk, sizeof(junk));
}

BUILD(missing_instance)
{
	set_init(r, fam, RNL_F_DEFAULT);
}

BUILD(empty_instance)
{
	set_init(r, fam, RNL_F_DEFAULT);
	at->nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_nest_end(r, at->nest);
}

BUILD(missing_role)
{
	struct in6_addr a = addr6(ADDR_OTHER);

	set_init(r, fam, RNL_F_DEFAULT);
	at->nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put(r, PMIP6_A_INSTANCE_LOCAL_ADDR, &a, sizeof(a));
	rnl_nest_end(r, at->nest);
}

/* Instance nest: role as given by put_role(), plus a valid local-addr. */
static void role_req(struct rnl_req *r, uint16_t fam, struct bad_at *at,
		     uint16_t type, const void *data, size_t len)
{
	struct in6_addr a = addr6(ADDR_OTHER);
	size_t nest;

	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	at->bad = rnl_put(r, type, data, len);
	rnl_put(r, PMIP6_A_INSTANCE_LOCAL_ADDR, &a, sizeof(a));
	rnl_nest_end(r, nest);
}

BUILD(role_zero)
{
	uint32_t role = 0;

	role_req(r, fam, at, PMIP6_A_INSTANCE_ROLE, &role, sizeof(role));
}

BUILD(role_above_max)
{
	uint32_t role = PMIP6_ROLE_MAX + 1;

	role_req(r, fam, at, PMIP6_A_INSTANCE_ROLE, &role, sizeof(role));
}

BUILD(role_as_u8)
{
	uint8_t role = PMIP6_ROLE_LMA;

	role_req(r, fam, at, PMIP6_A_INSTANCE_ROLE, &role, sizeof(role));
}

BUILD(role_as_u64)
{
	uint64_t role = PMIP6_ROLE_LMA;

	role_req(r, fam, at, PMIP6_A_INSTANCE_ROLE, &role, sizeof(role));
}

BUILD(role_with_nested_flag)
{
	uint32_t role = PMIP6_ROLE_LMA;

	role_req(r, fam, at, PMIP6_A_INSTANCE_ROLE | NLA_F_NESTED, &role, sizeof(role));
}

BUILD(instance_as_u32)
{
	set_init(r, fam, RNL_F_DEFAULT);
	at->bad = rnl_put_u32(r, PMIP6_A_INSTANCE, PMIP6_ROLE_LMA);
}

/* Instance nest: role lma and a local-addr of len bytes from s. */
static void addr_req(struct rnl_req *r, uint16_t fam, struct bad_at *at, const char *s,
		     size_t len)
{
	unsigned char buf[sizeof(struct in6_addr) + 1] = { 0 };
	struct in6_addr a = addr6(s);
	size_t nest;

	memcpy(buf, &a, sizeof(a));
	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	at->bad = rnl_put(r, PMIP6_A_INSTANCE_LOCAL_ADDR, buf, len);
	rnl_nest_end(r, nest);
}

BUILD(local_addr_15_bytes)
{
	addr_req(r, fam, at, ADDR_OTHER, 15);
}

BUILD(local_addr_17_bytes)
{
	addr_req(r, fam, at, ADDR_OTHER, 17);
}

BUILD(local_addr_unspecified)
{
	addr_req(r, fam, at, "::", 16);
}

BUILD(local_addr_loopback)
{
	addr_req(r, fam, at, "::1", 16);
}

BUILD(local_addr_link_local)
{
	addr_req(r, fam, at, "fe80::1", 16);
}

BUILD(local_addr_multicast)
{
	addr_req(r, fam, at, "ff0e::1", 16);
}

BUILD(local_addr_v4_mapped)
{
	addr_req(r, fam, at, "::ffff:192.0.2.1", 16);
}

BUILD(unknown_attr_top)
{
	set_init(r, fam, RNL_F_DEFAULT);
	put_valid_instance(r);
	at->bad = rnl_put_u32(r, PMIP6_A_MAX + 1, 1);
}

BUILD(unknown_attr_nested)
{
	size_t nest;

	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	at->bad = rnl_put_u32(r, PMIP6_A_INSTANCE_MAX + 1, 1);
	rnl_nest_end(r, nest);
}

BUILD(pad_attr_nested)
{
	size_t nest;

	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	at->bad = rnl_put(r, PMIP6_A_INSTANCE_PAD, NULL, 0);
	rnl_nest_end(r, nest);
}

BUILD(read_only_generation)
{
	size_t nest;

	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	at->bad = rnl_put_u32(r, PMIP6_A_INSTANCE_GENERATION, 12345);
	rnl_nest_end(r, nest);
}

BUILD(read_only_netns_cookie)
{
	size_t nest;

	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	at->bad = rnl_put_u64(r, PMIP6_A_INSTANCE_NETNS_COOKIE, 1);
	rnl_nest_end(r, nest);
}

BUILD(read_only_version)
{
	set_init(r, fam, RNL_F_DEFAULT);
	at->bad = rnl_put_str(r, PMIP6_A_VERSION, "9.9.9");
	put_valid_instance(r);
}

/* Role lma and a remote prefix list with one entry of prefix s/len. */
static void remote_req(struct rnl_req *r, uint16_t fam, struct bad_at *at, uint32_t role,
		       const char *prefix, uint8_t len, bool with_len)
{
	struct in6_addr a = addr6(prefix);
	size_t nest, list, e;

	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, role);
	list = rnl_nest_start(r, PMIP6_A_INSTANCE_REMOTE_PREFIXES);
	e = rnl_nest_start(r, PMIP6_A_REMOTE_PREFIXES_PREFIX);
	at->bad = rnl_put(r, PMIP6_A_HNP_PREFIX, &a, sizeof(a));
	if (with_len)
		at->bad_len = rnl_put_u8(r, PMIP6_A_HNP_PREFIX_LEN, len);
	rnl_nest_end(r, e);
	rnl_nest_end(r, list);
	rnl_nest_end(r, nest);
	at->nest = e;
}

BUILD(remote_prefix_host_bits)
{
	remote_req(r, fam, at, PMIP6_ROLE_LMA, "2001:db8:2::1", 64, true);
	at->nest = 0;
}

BUILD(remote_prefix_len_8)
{
	remote_req(r, fam, at, PMIP6_ROLE_LMA, "2000::", 8, true);
	at->bad = at->bad_len;
	at->nest = 0;
}

BUILD(remote_prefix_len_65)
{
	remote_req(r, fam, at, PMIP6_ROLE_LMA, "2001:db8:2::", 65, true);
	at->bad = at->bad_len;
	at->nest = 0;
}

BUILD(remote_prefix_no_len)
{
	remote_req(r, fam, at, PMIP6_ROLE_LMA, "2001:db8:2::", 0, false);
}

BUILD(remote_prefix_on_mag)
{
	remote_req(r, fam, at, PMIP6_ROLE_MAG, "2001:db8:2::", 48, true);
}

/* Role lma and a remote prefix list of n entries (put_remote()). */
static void remote_list_req(struct rnl_req *r, uint16_t fam, struct bad_at *at, unsigned int n,
			    bool same)
{
	size_t nest;

	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	put_remote(r, n, same, &at->bad);
	rnl_nest_end(r, nest);
}

/* The same prefix twice: the second entry is at fault. */
BUILD(remote_prefix_duplicate)
{
	remote_list_req(r, fam, at, 2, true);
}

/* 17 entries: the 17th is at fault. */
BUILD(remote_prefix_too_many)
{
	remote_list_req(r, fam, at, PMIP6_REMOTE_PREFIX_MAX + 1, false);
}

BUILD(remote_prefixes_as_u32)
{
	size_t nest;

	set_init(r, fam, RNL_F_DEFAULT);
	nest = rnl_nest_start(r, PMIP6_A_INSTANCE);
	rnl_put_u32(r, PMIP6_A_INSTANCE_ROLE, PMIP6_ROLE_LMA);
	at->bad = rnl_put_u32(r, PMIP6_A_INSTANCE_REMOTE_PREFIXES, 1);
	rnl_nest_end(r, nest);
}

BUILD(version_get_with_attr)
{
	rnl_req_init(r, fam, RNL_F_DEFAULT, PMIP6_CMD_VERSION_GET, PMIP6_GENL_VERSION);
	at->bad = rnl_put_str(r, PMIP6_A_VERSION, "9.9.9");
}

BUILD(instance_get_with_attr)
{
	rnl_req_init(r, fam, RNL_F_DEFAULT, PMIP6_CMD_INSTANCE_GET, PMIP6_GENL_VERSION);
	at->bad = put_valid_instance(r);
}

FIXTURE(bad) {
	struct rnl_sock sk;
	uint16_t fam;
	uint32_t ctrl_version;
	struct inst before;
};

FIXTURE_VARIANT(bad) {
	void (*build)(struct rnl_req *r, uint16_t fam, struct bad_at *at);
	int err;		/* expected ACK error, -errno */
	int err_alt;		/* also accepted, or 0 */
	enum ext_want ext;
	uint32_t miss_type;	/* EXT_MISSING */
	const char *msg_has;	/* substring of the message, or NULL */
};

#define BAD(name, ...)						\
	FIXTURE_VARIANT_ADD(bad, name) {			\
		.build = build_##name,				\
		__VA_ARGS__					\
	}

/* The genetlink core: no such command, no dump, before any policy. */
BAD(unknown_cmd, .err = -EOPNOTSUPP, .ext = EXT_NONE);
BAD(cmd_zero, .err = -EOPNOTSUPP, .ext = EXT_NONE);
BAD(dump_version_get, .err = -EOPNOTSUPP, .ext = EXT_NONE);
BAD(dump_instance_get, .err = -EOPNOTSUPP, .ext = EXT_NONE);
BAD(dump_instance_set, .err = -EOPNOTSUPP, .ext = EXT_NONE);
/* The genetlink core's header checks for new families (resv_start_op 0). */
BAD(nlmsg_flags_create_excl, .err = -EINVAL, .ext = EXT_MSG);
BAD(genl_reserved, .err = -EINVAL, .ext = EXT_MSG);
/* Strict parsing against the op's policy. */
BAD(trailing_bytes, .err = -EINVAL, .ext = EXT_MSG);
BAD(unknown_attr_top, .err = -EINVAL, .ext = EXT_ATTR);
BAD(unknown_attr_nested, .err = -EINVAL, .ext = EXT_ATTR);
BAD(pad_attr_nested, .err = -EINVAL, .ext = EXT_ATTR);
BAD(instance_as_u32, .err = -EINVAL, .ext = EXT_ATTR);
BAD(role_as_u8, .err = -EINVAL, .ext = EXT_ATTR);
BAD(role_as_u64, .err = -EINVAL, .ext = EXT_ATTR);
BAD(role_with_nested_flag, .err = -EINVAL, .ext = EXT_ATTR);
/* Range policies answer -ERANGE; a check in code would say -EINVAL. */
BAD(role_zero, .err = -ERANGE, .err_alt = -EINVAL, .ext = EXT_ATTR);
BAD(role_above_max, .err = -ERANGE, .err_alt = -EINVAL, .ext = EXT_ATTR);
BAD(local_addr_15_bytes, .err = -ERANGE, .err_alt = -EINVAL, .ext = EXT_ATTR);
BAD(local_addr_17_bytes, .err = -ERANGE, .err_alt = -EINVAL, .ext = EXT_ATTR);
BAD(read_only_generation, .err = -EINVAL, .ext = EXT_ATTR, .msg_has = "read-only");
BAD(read_only_netns_cookie, .err = -EINVAL, .ext = EXT_ATTR, .msg_has = "read-only");
BAD(read_only_version, .err = -EINVAL, .ext = EXT_ATTR, .msg_has = "read-only");
/* GET ops take no attributes. */
BAD(version_get_with_attr, .err = -EINVAL, .ext = EXT_ATTR);
BAD(instance_get_with_attr, .err = -EINVAL, .ext = EXT_ATTR);
/* The module's own checks. */
BAD(missing_instance, .err = -EINVAL, .ext = EXT_MISSING, .miss_type = PMIP6_A_INSTANCE);
BAD(empty_instance, .err = -EINVAL, .ext = EXT_MISSING, .miss_type = PMIP6_A_INSTANCE_ROLE);
BAD(missing_role, .err = -EINVAL, .ext = EXT_MISSING, .miss_type = PMIP6_A_INSTANCE_ROLE);
BAD(local_addr_unspecified, .err = -EINVAL, .ext = EXT_ATTR);
BAD(local_addr_loopback, .err = -EINVAL, .ext = EXT_ATTR);
BAD(local_addr_link_local, .err = -EINVAL, .ext = EXT_ATTR);
BAD(local_addr_multicast, .err = -EINVAL, .ext = EXT_ATTR);
BAD(local_addr_v4_mapped, .err = -EINVAL, .ext = EXT_ATTR);
BAD(remote_prefixes_as_u32, .err = -EINVAL, .ext = EXT_ATTR);
BAD(remote_prefix_len_8, .err = -ERANGE, .err_alt = -EINVAL, .ext = EXT_ATTR);
BAD(remote_prefix_len_65, .err = -ERANGE, .err_alt = -EINVAL, .ext = EXT_ATTR);
BAD(remote_prefix_host_bits, .err = -EINVAL, .ext = EXT_ATTR, .msg_has = "host bits");
BAD(remote_prefix_no_len, .err = -EINVAL, .ext = EXT_MISSING,
    .miss_type = PMIP6_A_HNP_PREFIX_LEN);
BAD(remote_prefix_duplicate, .err = -EEXIST, .ext = EXT_ATTR, .msg_has = "duplicate");
BAD(remote_prefix_too_many, .err = -E2BIG, .ext = EXT_ATTR, .msg_has = "more than 16");
BAD(remote_prefix_on_mag, .err = -EINVAL, .ext = EXT_MSG, .msg_has = "LMA role");

FIXTURE_SETUP(bad)
{
	struct in6_addr a1 = addr6(ADDR_BEFORE);
	struct rnl_ack ack;
	int rc;

	netns_setup(_metadata, &self->sk, &self->fam, &self->ctrl_version);
	/* A known, non-default state that a partial change would disturb. */
	rc = inst_set(&self->sk, self->fam, PMIP6_ROLE_MAG, &a1, &ack);
	ASSERT_EQ(0, rc) TH_LOG("INSTANCE_SET: %s (%s)", strerror(-rc), ack.msg);
	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &self->before));
	ASSERT_TRUE(self->before.has_role && self->before.has_addr && self->before.has_gen);
}

FIXTURE_TEARDOWN(bad)
{
	rnl_close(&self->sk);
}

TEST_F(bad, rejected_state_unchanged)
{
	static struct rnl_reply rep;
	static struct rnl_req req;
	const struct rnl_ack *ack = &rep.ack;
	struct bad_at at = { 0 };
	struct inst after;
	int rc;

	variant->build(&req, self->fam, &at);
	rc = rnl_transact(&self->sk, &req, &rep);
	ASSERT_TRUE(rep.has_ack) TH_LOG("no ACK: %s", strerror(-rc));
	if (!variant->err_alt || rc != variant->err_alt)
		ASSERT_EQ(variant->err, rc)
			TH_LOG("got '%s', kernel: '%s'", strerror(-rc), ack->msg);
	TH_LOG("%s, kernel: '%s'%s", strerror(-rc), ack->msg,
	       ack->has_offs ? " (with offset)" : "");

	if (variant->ext != EXT_NONE) {
		ASSERT_TRUE(ack->has_msg && ack->msg[0]) TH_LOG("no extack message");
		if (variant->msg_has)
			EXPECT_NE(NULL, strstr(ack->msg, variant->msg_has))
				TH_LOG("message lacks '%s'", variant->msg_has);
	}
	if (variant->ext == EXT_ATTR) {
		ASSERT_TRUE(ack->has_offs) TH_LOG("no NLMSGERR_ATTR_OFFS");
		EXPECT_EQ(at.bad, ack->offs) TH_LOG("OFFS points elsewhere");
	}
	if (variant->ext == EXT_MISSING) {
		ASSERT_TRUE(ack->has_miss_type) TH_LOG("no NLMSGERR_ATTR_MISS_TYPE");
		EXPECT_EQ(variant->miss_type, ack->miss_type);
		if (at.nest) {
			ASSERT_TRUE(ack->has_miss_nest) TH_LOG("no NLMSGERR_ATTR_MISS_NEST");
			EXPECT_EQ(at.nest, ack->miss_nest);
		} else {
			EXPECT_FALSE(ack->has_miss_nest);
		}
	}

	ASSERT_EQ(0, inst_get(&self->sk, self->fam, &after));
	expect_same(_metadata, &self->before, &after);
}

TEST_HARNESS_MAIN
