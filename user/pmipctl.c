// SPDX-License-Identifier: GPL-2.0-only
/*
 * pmipctl: the operator's tool for the pmip6 module, in the style of wg(8)
 * and ip(8): a table of subcommands, each <cmd>_main(argc, argv, ctl) with
 * argv[0] the command's own name; no arguments means "show".
 *
 * Output: human text (labels in bold on a terminal), or with -j one JSON
 * value per invocation, whose keys are a stable interface:
 *
 *   show:     {"module":{"version":S,"family_version":N},
 *              "instance":{"role":"lma"|"mag"|null,"local_addr":S|null,
 *                          "generation":N,"netns_cookie":N,
 *                          "restart_counter":N|null,
 *                          "dev":{"name":S|null,"ifindex":N}|null,
 *                          "stats":{"no_binding":N,"fmc_drop":N,
 *                                   "no_route":N,"too_big":N,
 *                                   "unknown_peer":N,"bad_packet":N,
 *                                   "events":N}|null}}
 *   version:  {"pmipctl":S,"module":{"version":S,"family_version":N}}
 *   instance: {"instance":{...as in show...}}
 *   bce:      [{"mn_id":S,"bid":N,"bid_pri":N,"att":N,"mn_ll_id":S|null,
 *               "proxy_coa":S,"hnp":[S],"counters":C,"registration":R|null}]
 *   flow:     [{"mn_id":S,"fid":N,"fid_pri":N,"selector":S,
 *               "ts":{"src"|"dst"|"proto"|...:{"start":X,"end":X}},
 *               "bids":[N],"action":S,"active":B,"counters":C}]
 *   bul:      [{"mn_id":S,"lma_addr":S,"ifindex":N,"dev":S|null,
 *               "mn_ll_addr":S|null,"bid":N|null,"hnp":[S],"offlink_hnp":[S],
 *               "counters":C,"registration":R|null}]
 *   ro:       [{"src_hnp":S,"dst_hnp":S,"peer_addr":S,"lifetime":N,
 *               "remaining":N,"owner":S,"counters":C}]
 *   C = {"packets_tx":N,"bytes_tx":N,"packets_rx":N,"bytes_rx":N}
 *   R = {"lifetime":N,"remaining_ms":N,"sequence":N,"timestamp":N|null}
 *       what pmipd keeps of the binding in the kernel
 *   monitor:  one object per line, per notification:
 *             {"event":"instance"|"bce"|"flow"|"bul"|"ro",
 *              "change":"new"|"set"|"del"|"expired"|"activity"|N,
 *              "timestamp_ns":N (when the kernel committed it, ns since
 *              the epoch, CLOCK_REALTIME),
 *              "<event>":{...as the command prints one object...}}
 *             {"event":"mn_traffic","mn_traffic":{"src_mn_id":S,
 *              "src_hnp":S,"dst_mn_id":S,"dst_hnp":S}}
 *             {"event":"lost"} when the kernel dropped notifications
 *
 * Lists are arrays (as ip -j prints them), sorted by their key. A role,
 * action or owner this tool does not know is printed as its number. The
 * selector is printed in the syntax the command line takes, so that it
 * can be fed back.
 *
 * Arguments are checked completely before anything is sent to the kernel;
 * the error names the bad token.
 *
 * Exit status: 0 success, 1 runtime error (module missing, kernel refused),
 * 2 usage error (bad command line).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "pmipctl_daemon.h"
#include "lib/genl.h"
#include "lib/names.h"
#include "lib/selector.h"

#ifndef PMIP6_USER_VERSION
#define PMIP6_USER_VERSION "0.0.0"
#endif

#define PROG "pmipctl"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

struct ctl {
	bool json;
	bool color;	/* human output on a terminal */
};

struct subcommand {
	const char *name;
	int (*fn)(int argc, char *argv[], const struct ctl *ctl);
	const char *summary;
	const char *usage;
};

static const struct subcommand *subcommand_find(const char *name);

static bool is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h") || !strcmp(arg, "help");
}

static int usage_error(const struct subcommand *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(const struct subcommand *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s%s", PROG, c ? c->name : "", c ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c)
		fprintf(stderr, "usage: %s", c->usage);
	else
		fprintf(stderr, "try '%s help'\n", PROG);
	return EXIT_USAGE;
}

/* Arguments after a command that takes none. */
static int no_args(const struct subcommand *c, int argc, char *argv[])
{
	if (argc < 2)
		return 0;
	if (argv[1][0] == '-' && argv[1][1])
		return usage_error(c, "unexpected argument '%s' (global options go before the command: %s %s %s)",
				   argv[1], PROG, argv[1], c->name);
	return usage_error(c, "unexpected argument '%s'", argv[1]);
}

/* ---- output ---------------------------------------------------------- */

static void json_string(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void label(const struct ctl *ctl, int indent, const char *name)
{
	printf("%*s%s%s:%s ", indent, "", ctl->color ? "\033[1m" : "", name,
	       ctl->color ? "\033[0m" : "");
}

static void section(const struct ctl *ctl, const char *name)
{
	printf("%s%s:%s\n", ctl->color ? "\033[1m" : "", name, ctl->color ? "\033[0m" : "");
}

static void json_module(const struct pmip6_version *v)
{
	printf("{\"version\":");
	json_string(v->version);
	printf(",\"family_version\":%" PRIu32 "}", v->family_version);
}

static void human_module(const struct ctl *ctl, const struct pmip6_version *v)
{
	label(ctl, 0, "module");
	printf("pmip6 %s (generic netlink family version %" PRIu32 ")\n",
	       v->version, v->family_version);
}

static const char *addr_str(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static int hnp_add(const char *kw, const char *val, struct pmip6_hnp *v, unsigned int *n,
		   unsigned int max, char *why)
{
	unsigned int plen;

	if (*n == max) {
		snprintf(why, PMIP6_WHYLEN, "too many %s at '%s' (at most %u)", kw, val, max);
		return -1;
	}
	if (pmip6_parse_prefix(kw, val, &v[*n].prefix, &plen, why))
		return -1;
	v[*n].len = (uint8_t)plen;
	(*n)++;
	return 0;
}

static void hnp_str(const struct pmip6_hnp *hnp, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", addr_str(&hnp->prefix, a), hnp->len);
}


static void json_hnps(const struct pmip6_hnp *v, unsigned int n)
{
	char s[INET6_ADDRSTRLEN + 8];

	putchar('[');
	for (unsigned int i = 0; i < n; i++) {
		hnp_str(&v[i], s, sizeof(s));
		printf("%s", i ? "," : "");
		json_string(s);
	}
	putchar(']');
}

static void human_hnps(const struct pmip6_hnp *v, unsigned int n)
{
	char s[INET6_ADDRSTRLEN + 8];

	if (!n)
		printf("none");
	for (unsigned int i = 0; i < n; i++) {
		hnp_str(&v[i], s, sizeof(s));
		printf("%s%s", i ? ", " : "", s);
	}
	putchar('\n');
}

static void json_instance(const struct pmip6_instance *in)
{
	char addr[INET6_ADDRSTRLEN];
	const char *role = in->has_role ? pmip6_role_name(in->role) : NULL;

	printf("{\"role\":");
	if (!in->has_role)
		printf("null");
	else if (role)
		json_string(role);
	else
		printf("%" PRIu32, in->role);
	printf(",\"local_addr\":");
	if (in->has_local_addr && inet_ntop(AF_INET6, &in->local_addr, addr, sizeof(addr)))
		json_string(addr);
	else
		printf("null");
	printf(",\"generation\":%" PRIu32 ",\"netns_cookie\":%" PRIu64,
	       in->generation, in->netns_cookie);
	printf(",\"restart_counter\":");
	if (in->has_restart_counter)
		printf("%" PRIu32, in->restart_counter);
	else
		printf("null");
	printf(",\"dev\":");
	if (in->has_ifindex) {
		char dev[IF_NAMESIZE];

		printf("{\"name\":");
		if (if_indextoname(in->ifindex, dev))
			json_string(dev);
		else
			printf("null");
		printf(",\"ifindex\":%" PRIu32 "}", in->ifindex);
	} else {
		printf("null");
	}
	printf(",\"stats\":");
	if (in->has_stats) {
		const struct pmip6_instance_stats *st = &in->stats;

		printf("{\"no_binding\":%" PRIu64 ",\"fmc_drop\":%" PRIu64
		       ",\"no_route\":%" PRIu64 ",\"too_big\":%" PRIu64
		       ",\"unknown_peer\":%" PRIu64 ",\"bad_packet\":%" PRIu64
		       ",\"events\":%" PRIu64 "}",
		       st->no_binding, st->fmc_drop, st->no_route, st->too_big,
		       st->unknown_peer, st->bad_packet, st->events);
	} else {
		printf("null");
	}
	printf(",\"remote_prefixes\":");
	json_hnps(in->remote, in->n_remote);
	printf("}");
}

static void human_instance(const struct ctl *ctl, const struct pmip6_instance *in)
{
	char addr[INET6_ADDRSTRLEN];
	const char *role = in->has_role ? pmip6_role_name(in->role) : NULL;

	section(ctl, "instance");
	label(ctl, 2, "role");
	if (!in->has_role)
		printf("unset\n");
	else if (role)
		printf("%s\n", role);
	else
		printf("unknown (%" PRIu32 ")\n", in->role);
	label(ctl, 2, "local address");
	if (in->has_local_addr && inet_ntop(AF_INET6, &in->local_addr, addr, sizeof(addr)))
		printf("%s\n", addr);
	else
		printf("none\n");
	label(ctl, 2, "generation");
	printf("%" PRIu32 "\n", in->generation);
	label(ctl, 2, "netns cookie");
	printf("%" PRIu64 "\n", in->netns_cookie);
	if (in->has_restart_counter) {
		label(ctl, 2, "restart counter");
		printf("%" PRIu32 "\n", in->restart_counter);
	}
	label(ctl, 2, "device");
	if (in->has_ifindex) {
		char dev[IF_NAMESIZE];

		printf("%s (ifindex %" PRIu32 ")\n",
		       if_indextoname(in->ifindex, dev) ? dev : "?", in->ifindex);
	} else {
		printf("none\n");
	}
	if (in->has_stats) {
		const struct pmip6_instance_stats *st = &in->stats;

		label(ctl, 2, "drops");
		printf("no-binding %" PRIu64 ", fmc-drop %" PRIu64 ", no-route %" PRIu64
		       ", too-big %" PRIu64 ", unknown-peer %" PRIu64 ", bad-packet %" PRIu64
		       "\n", st->no_binding, st->fmc_drop, st->no_route, st->too_big,
		       st->unknown_peer, st->bad_packet);
		label(ctl, 2, "events sent");
		printf("%" PRIu64 "\n", st->events);
	}
	if (in->has_role && in->role == PMIP6_ROLE_LMA) {
		label(ctl, 2, "remote prefixes");
		human_hnps(in->remote, in->n_remote);
	}
}

/* ---- kernel access ------------------------------------------------------ */

static int open_genl(struct pmip6_genl **h)
{
	char err[PMIP6_ERRLEN];

	if (pmip6_genl_open(h, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", PROG, err);
		return EXIT_RUNTIME;
	}
	return 0;
}

static int runtime_error(const char *what, const char *err)
{
	fprintf(stderr, "%s: %s: %s\n", PROG, what, err);
	return EXIT_RUNTIME;
}

/* ---- commands ----------------------------------------------------------- */

static int show_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = subcommand_find("show");
	struct pmip6_instance inst;
	struct pmip6_version ver;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	int rc;

	if (argc > 1 && is_help(argv[1])) {
		printf("usage: %s", c->usage);
		return 0;
	}
	rc = no_args(c, argc, argv);
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_version_get(h, &ver, err, sizeof(err)) < 0) {
		rc = runtime_error("show: version", err);
		goto out;
	}
	if (pmip6_instance_get(h, &inst, err, sizeof(err)) < 0) {
		rc = runtime_error("show: instance", err);
		goto out;
	}
	if (ctl->json) {
		printf("{\"module\":");
		json_module(&ver);
		printf(",\"instance\":");
		json_instance(&inst);
		printf("}\n");
	} else {
		human_module(ctl, &ver);
		human_instance(ctl, &inst);
	}
out:
	pmip6_genl_close(h);
	return rc;
}

static int version_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = subcommand_find("version");
	struct pmip6_version ver;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	int rc;

	if (argc > 1 && is_help(argv[1])) {
		printf("usage: %s", c->usage);
		return 0;
	}
	rc = no_args(c, argc, argv);
	if (rc)
		return rc;
	if (!ctl->json) {
		label(ctl, 0, "tool");
		printf("%s %s\n", PROG, PMIP6_USER_VERSION);
		fflush(stdout);
	}
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_version_get(h, &ver, err, sizeof(err)) < 0) {
		rc = runtime_error("version", err);
	} else if (ctl->json) {
		printf("{\"pmipctl\":");
		json_string(PMIP6_USER_VERSION);
		printf(",\"module\":");
		json_module(&ver);
		printf("}\n");
	} else {
		human_module(ctl, &ver);
	}
	pmip6_genl_close(h);
	return rc;
}

static int instance_show(const struct ctl *ctl)
{
	struct pmip6_instance inst;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	int rc;

	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_instance_get(h, &inst, err, sizeof(err)) < 0) {
		rc = runtime_error("instance show", err);
	} else if (ctl->json) {
		printf("{\"instance\":");
		json_instance(&inst);
		printf("}\n");
	} else {
		human_instance(ctl, &inst);
	}
	pmip6_genl_close(h);
	return rc;
}

static const struct subcommand instance_set_cmd = {
	.name = "instance set",
	.usage = PROG " instance set role lma|mag [local ADDR] [remote PFX/LEN ...|none]\n",
};

static const struct subcommand instance_show_cmd = {
	.name = "instance show",
	.usage = PROG " instance [show]\n",
};

/* argv[0] is "set": key/value pairs follow. */
static int instance_set(int argc, char *argv[])
{
	const struct subcommand *c = &instance_set_cmd;
	const char *role_arg = NULL, *local_arg = NULL;
	struct pmip6_hnp remote[PMIP6_REMOTE_PREFIX_MAX];
	bool remote_given = false, remote_none = false;
	unsigned int n_remote = 0;
	char why[PMIP6_WHYLEN];
	struct in6_addr local;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t role;
	int rc;

	if (argc > 1 && is_help(argv[1])) {
		printf("usage: %s"
		       "  role lma|mag     the node's role: Local Mobility Anchor or Mobile Access Gateway\n"
		       "  local ADDR       IPv6 tunnel endpoint (LMAA or Proxy-CoA); unchanged when absent\n"
		       "  remote PFX/LEN   an LMA's remote prefix (MNs anchored at another LMA, /16../64):\n"
		       "                   traffic toward it is a localized routing event; repeat for up\n"
		       "                   to %d; 'remote none' clears the list; unchanged when absent\n",
		       c->usage, PMIP6_REMOTE_PREFIX_MAX);
		return 0;
	}
	for (int i = 1; i < argc; i += 2) {
		const char **slot = NULL;

		if (!strcmp(argv[i], "role"))
			slot = &role_arg;
		else if (!strcmp(argv[i], "local"))
			slot = &local_arg;
		else if (strcmp(argv[i], "remote"))
			return usage_error(c,
					   "unknown argument '%s' (expected role, local or remote)",
					   argv[i]);
		if (slot && *slot)
			return usage_error(c, "'%s' given twice", argv[i]);
		if (i + 1 >= argc)
			return usage_error(c, "'%s' needs a value", argv[i]);
		if (slot) {
			*slot = argv[i + 1];
			continue;
		}
		/* remote: repeatable, or "none" alone */
		if (!strcmp(argv[i + 1], "none")) {
			if (remote_given)
				return usage_error(c, "'remote none' cannot be combined with prefixes");
			remote_none = remote_given = true;
			continue;
		}
		if (remote_none)
			return usage_error(c, "'remote none' cannot be combined with prefixes");
		remote_given = true;
		if (n_remote == PMIP6_REMOTE_PREFIX_MAX)
			return usage_error(c, "too many remote prefixes at '%s' (at most %d)",
					   argv[i + 1], PMIP6_REMOTE_PREFIX_MAX);
		if (hnp_add("remote", argv[i + 1], remote, &n_remote, PMIP6_REMOTE_PREFIX_MAX,
			    why))
			return usage_error(c, "%s", why);
	}
	if (!role_arg)
		return usage_error(c, "'role' is required");
	if (pmip6_role_parse(role_arg, &role))
		return usage_error(c, "invalid role '%s' (expected lma or mag)", role_arg);
	if (local_arg && inet_pton(AF_INET6, local_arg, &local) != 1)
		return usage_error(c, "invalid local address '%s' (expected an IPv6 address)",
				   local_arg);

	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_instance_set(h, role, local_arg ? &local : NULL,
			       remote_given ? remote : NULL, n_remote, err, sizeof(err)) < 0)
		rc = runtime_error("instance set", err);
	pmip6_genl_close(h);
	return rc;
}

static int instance_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = subcommand_find("instance");

	if (argc < 2 || !strcmp(argv[1], "show")) {
		if (argc > 2 && is_help(argv[2])) {
			printf("usage: %s", instance_show_cmd.usage);
			return 0;
		}
		if (argc > 2)
			return no_args(&instance_show_cmd, argc - 1, argv + 1);
		return instance_show(ctl);
	}
	if (is_help(argv[1])) {
		printf("usage: %s", c->usage);
		return 0;
	}
	if (!strcmp(argv[1], "set"))
		return instance_set(argc - 1, argv + 1);
	return usage_error(c, "unknown subcommand '%s' (expected show or set)", argv[1]);
}

/* ---- argument parsing for bce and flow ----------------------------------- */

/*
 * Each parser takes the token and returns 0, or -1 after naming the token
 * and what was expected in why[] (the caller adds the command's usage);
 * the selector and number parsers are in lib/selector.c.
 */

/* "0011aabb" or "00:11:aa:bb" (also '-' or '.' between bytes). */
static int parse_hex(const char *kw, const char *s, uint8_t *out, size_t max,
		     size_t *len, char *why)
{
	size_t n = 0;
	const char *p = s;

	while (*p) {
		unsigned int v;

		if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) || n == max)
			goto bad;
		if (sscanf(p, "%2x", &v) != 1)
			goto bad;
		out[n++] = (uint8_t)v;
		p += 2;
		if ((*p == ':' || *p == '-' || *p == '.') && p[1])
			p++;
	}
	if (!n)
		goto bad;
	*len = n;
	return 0;
bad:
	snprintf(why, PMIP6_WHYLEN, "invalid %s '%s' (expected 1..%zu bytes in hex, e.g. 02:00:5e:10:00:01)",
		 kw, s, max);
	return -1;
}

static int parse_mn(const char *s, struct pmip6_mn_id *mn, char *why)
{
	size_t len = strlen(s);

	if (!len || len > PMIP6_MN_ID_MAX_LEN) {
		snprintf(why, PMIP6_WHYLEN, "invalid mn '%.40s%s' (expected 1..%d bytes)",
			 s, len > 40 ? "..." : "", PMIP6_MN_ID_MAX_LEN);
		return -1;
	}
	mn->len = len;
	memcpy(mn->id, s, len + 1);
	return 0;
}

/*
 * Keyword/value arguments: kws[] lists the keywords a command takes, in
 * order of the bits of *seen; repeatable ones may appear more than once.
 * Calls set(kw index, value) for each pair; that returns -1 with why.
 */
struct kw {
	const char *name;
	bool repeat;
};

static int parse_kw(const struct subcommand *c, const struct kw *kws, size_t n_kws,
		    int argc, char *argv[], uint32_t *seen,
		    int (*set)(size_t kw, const char *val, void *arg, char *why), void *arg)
{
	char why[PMIP6_WHYLEN];

	*seen = 0;
	for (int i = 1; i < argc; i += 2) {
		size_t k;

		for (k = 0; k < n_kws; k++)
			if (!strcmp(argv[i], kws[k].name))
				break;
		if (k == n_kws) {
			char list[256] = "";

			for (size_t j = 0; j < n_kws; j++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 j ? (j + 1 == n_kws ? " or " : ", ") : "", kws[j].name);
			if (argv[i][0] == '-' && argv[i][1])
				return usage_error(c, "unknown argument '%s' (expected %s; global options go before the command)",
						   argv[i], list);
			return usage_error(c, "unknown argument '%s' (expected %s)", argv[i], list);
		}
		if ((*seen & (1u << k)) && !kws[k].repeat)
			return usage_error(c, "'%s' given twice", argv[i]);
		if (i + 1 >= argc)
			return usage_error(c, "'%s' needs a value", argv[i]);
		*seen |= 1u << k;
		if (set(k, argv[i + 1], arg, why))
			return usage_error(c, "%s", why);
	}
	return 0;
}

static int require(const struct subcommand *c, const struct kw *kws, uint32_t seen,
		   uint32_t needed)
{
	for (size_t k = 0; k < 32; k++)
		if ((needed & (1u << k)) && !(seen & (1u << k)))
			return usage_error(c, "'%s' is required", kws[k].name);
	return 0;
}

#define BIT(k) (1u << (k))

/* ---- output for bce and flow ------------------------------------------- */

static void json_bytes(const uint8_t *p, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			printf("\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] >= 0x7f)
			printf("\\u%04x", p[i]);
		else
			putchar(p[i]);
	}
	putchar('"');
}

/* An MN-ID as text: printable ASCII as is, other bytes as \xNN. */
static void human_mn(const struct pmip6_mn_id *mn)
{
	for (size_t i = 0; i < mn->len; i++) {
		if (mn->id[i] < 0x21 || mn->id[i] >= 0x7f || mn->id[i] == '\\')
			printf("\\x%02x", mn->id[i]);
		else
			putchar(mn->id[i]);
	}
}

static void json_addr(const struct in6_addr *a)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, a, s, sizeof(s));
	json_string(s);
}

static void hex_str(const uint8_t *p, size_t n, char *buf)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		sprintf(buf + (i ? 3 * i - 1 : 0), "%s%02x", i ? ":" : "", p[i]);
}

static int mn_cmp(const struct pmip6_mn_id *a, const struct pmip6_mn_id *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->id, b->id, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static bool mn_eq(const struct pmip6_mn_id *a, const struct pmip6_mn_id *b)
{
	return a->len == b->len && !memcmp(a->id, b->id, a->len);
}

static int bce_cmp(const void *pa, const void *pb)
{
	const struct pmip6_bce *a = pa, *b = pb;
	int c = mn_cmp(&a->mn, &b->mn);

	return c ? c : (int)a->bid - (int)b->bid;
}

static int fmc_cmp(const void *pa, const void *pb)
{
	const struct pmip6_fmc *a = pa, *b = pb;
	int c = mn_cmp(&a->mn, &b->mn);

	return c ? c : (int)a->fid - (int)b->fid;
}

static void json_counters(const struct pmip6_counters *c)
{
	printf("{\"packets_tx\":%" PRIu64 ",\"bytes_tx\":%" PRIu64
	       ",\"packets_rx\":%" PRIu64 ",\"bytes_rx\":%" PRIu64 "}",
	       c->packets_tx, c->bytes_tx, c->packets_rx, c->bytes_rx);
}

static void human_counters(const struct ctl *ctl, int indent, const struct pmip6_counters *c)
{
	label(ctl, indent, "transfer");
	printf("tx %" PRIu64 " packets, %" PRIu64 " bytes; rx %" PRIu64 " packets, %" PRIu64
	       " bytes\n", c->packets_tx, c->bytes_tx, c->packets_rx, c->bytes_rx);
}

/* What pmipd keeps of a binding in the kernel; null when nothing. */
static void json_registration(const struct pmip6_registration *r)
{
	if (!r->present) {
		printf("null");
		return;
	}
	printf("{\"lifetime\":%" PRIu32 ",\"remaining_ms\":%" PRIu32 ",\"sequence\":%u"
	       ",\"timestamp\":", r->lifetime, r->remaining_ms, r->sequence);
	if (r->has_timestamp)
		printf("%" PRIu64, r->timestamp);
	else
		printf("null");
	if (r->has_mag_ll_addr) {
		char a[INET6_ADDRSTRLEN];

		printf(",\"mag_ll_addr\":\"%s\"}",
		       inet_ntop(AF_INET6, &r->mag_ll_addr, a, sizeof(a)));
	} else {
		printf(",\"mag_ll_addr\":null}");
	}
}

static void human_registration(const struct ctl *ctl, int indent,
			       const struct pmip6_registration *r)
{
	if (!r->present)
		return;
	label(ctl, indent, "registration");
	if (r->lifetime)
		printf("lifetime %" PRIu32 " s, %" PRIu32 ".%03" PRIu32 " s left, sequence %u\n",
		       r->lifetime, r->remaining_ms / 1000, r->remaining_ms % 1000, r->sequence);
	else
		printf("de-registered, deleted in %" PRIu32 ".%03" PRIu32 " s, sequence %u\n",
		       r->remaining_ms / 1000, r->remaining_ms % 1000, r->sequence);
	if (r->has_mag_ll_addr) {
		char a[INET6_ADDRSTRLEN];

		label(ctl, indent, "mag link-local");
		printf("%s\n", inet_ntop(AF_INET6, &r->mag_ll_addr, a, sizeof(a)));
	}
}

static void json_bce(const struct pmip6_bce *b)
{
	char s[INET6_ADDRSTRLEN + 8], ll[3 * PMIP6_MN_LL_ID_MAX_LEN + 1];

	printf("{\"mn_id\":");
	json_bytes(b->mn.id, b->mn.len);
	printf(",\"bid\":%u,\"bid_pri\":%u,\"att\":%u,\"mn_ll_id\":", b->bid, b->bid_pri, b->att);
	if (b->ll_id_len) {
		hex_str(b->ll_id, b->ll_id_len, ll);
		json_string(ll);
	} else {
		printf("null");
	}
	printf(",\"proxy_coa\":");
	json_addr(&b->proxy_coa);
	printf(",\"hnp\":[");
	for (unsigned int i = 0; i < b->n_hnp; i++) {
		addr_str(&b->hnp[i].prefix, s);
		snprintf(s + strlen(s), 8, "/%u", b->hnp[i].len);
		printf("%s", i ? "," : "");
		json_string(s);
	}
	printf("],\"counters\":");
	json_counters(&b->counters);
	printf(",\"registration\":");
	json_registration(&b->reg);
	printf("}");
}

/* One block per MN (the list is sorted by MN), one sub-block per BCE. */
static void human_bces(const struct ctl *ctl, const struct pmip6_bce *v, size_t n)
{
	char s[INET6_ADDRSTRLEN], ll[3 * PMIP6_MN_LL_ID_MAX_LEN + 1];

	for (size_t i = 0; i < n; i++) {
		const struct pmip6_bce *b = &v[i];

		if (!i || !mn_eq(&b->mn, &v[i - 1].mn)) {
			if (i)
				putchar('\n');
			label(ctl, 0, "mn");
			human_mn(&b->mn);
			putchar('\n');
		}
		label(ctl, 2, "bid");
		printf("%u\n", b->bid);
		label(ctl, 4, "bid-pri");
		printf("%u\n", b->bid_pri);
		label(ctl, 4, "att");
		printf("%u\n", b->att);
		label(ctl, 4, "mn-ll-id");
		if (b->ll_id_len) {
			hex_str(b->ll_id, b->ll_id_len, ll);
			printf("%s\n", ll);
		} else {
			printf("none\n");
		}
		label(ctl, 4, "proxy-coa");
		printf("%s\n", addr_str(&b->proxy_coa, s));
		label(ctl, 4, "hnp");
		for (unsigned int j = 0; j < b->n_hnp; j++)
			printf("%s%s/%u", j ? ", " : "", addr_str(&b->hnp[j].prefix, s),
			       b->hnp[j].len);
		putchar('\n');
		human_counters(ctl, 4, &b->counters);
		human_registration(ctl, 4, &b->reg);
	}
}

static const char *action_str(uint32_t action, char *buf, size_t len)
{
	const char *name = pmip6_fmc_action_name(action);

	if (name)
		return name;
	snprintf(buf, len, "%" PRIu32, action);
	return buf;
}

static void json_fmc(const struct pmip6_fmc *f)
{
	char sel[1024], num[16];
	bool first = true;

	printf("{\"mn_id\":");
	json_bytes(f->mn.id, f->mn.len);
	printf(",\"fid\":%u,\"fid_pri\":%u,\"selector\":", f->fid, f->fid_pri);
	pmip6_ts_str(&f->ts, sel, sizeof(sel));
	json_string(sel);
	printf(",\"ts\":{");
	for (int i = 0; i < 2; i++) {
		const struct pmip6_ts_addr_range *r = i ? &f->ts.dst : &f->ts.src;

		if (!r->has_start)
			continue;
		printf("%s\"%s\":{\"start\":", first ? "" : ",", i ? "dst" : "src");
		json_addr(&r->start);
		printf(",\"end\":");
		json_addr(r->has_end ? &r->end : &r->start);
		printf("}");
		first = false;
	}
	for (size_t i = 0; i < PMIP6_TS_N_INTS; i++) {
		const struct pmip6_ts_range *r = pmip6_ts_int(&f->ts, i);

		if (!r->has_start)
			continue;
		printf("%s\"%s\":{\"start\":%" PRIu32 ",\"end\":%" PRIu32 "}", first ? "" : ",",
		       pmip6_ts_ints[i].kw, r->start, r->has_end ? r->end : r->start);
		first = false;
	}
	printf("},\"bids\":[");
	for (unsigned int i = 0; i < f->n_bid; i++)
		printf("%s%u", i ? "," : "", f->bid[i]);
	printf("],\"action\":");
	if (pmip6_fmc_action_name(f->action))
		json_string(pmip6_fmc_action_name(f->action));
	else
		printf("%s", action_str(f->action, num, sizeof(num)));
	printf(",\"active\":%s,\"counters\":", f->active ? "true" : "false");
	json_counters(&f->counters);
	printf("}");
}

/* A table per MN (the list is sorted by MN), one row per entry. */
static void human_fmcs(const struct ctl *ctl, const struct pmip6_fmc *v, size_t n)
{
	const char *bold = ctl->color ? "\033[1m" : "", *plain = ctl->color ? "\033[0m" : "";
	char sel[1024], bids[64], tx[48], rx[48], num[16];

	for (size_t i = 0; i < n; i++) {
		const struct pmip6_fmc *f = &v[i];
		size_t used = 0;

		if (!i || !mn_eq(&f->mn, &v[i - 1].mn)) {
			if (i)
				putchar('\n');
			label(ctl, 0, "mn");
			human_mn(&f->mn);
			putchar('\n');
			printf("  %s%-5s %-5s %-8s %-8s %-12s %-18s %-18s %s%s\n", bold,
			       "FID", "PRI", "ACTION", "STATE", "BIDS", "TX PKTS/BYTES",
			       "RX PKTS/BYTES", "SELECTOR", plain);
		}
		bids[0] = '\0';
		for (unsigned int j = 0; j < f->n_bid && used < sizeof(bids); j++)
			used += (size_t)snprintf(bids + used, sizeof(bids) - used, "%s%u",
						 j ? "," : "", f->bid[j]);
		snprintf(tx, sizeof(tx), "%" PRIu64 "/%" PRIu64, f->counters.packets_tx,
			 f->counters.bytes_tx);
		snprintf(rx, sizeof(rx), "%" PRIu64 "/%" PRIu64, f->counters.packets_rx,
			 f->counters.bytes_rx);
		pmip6_ts_str(&f->ts, sel, sizeof(sel));
		printf("  %-5u %-5u %-8s %-8s %-12s %-18s %-18s %s\n", f->fid, f->fid_pri,
		       action_str(f->action, num, sizeof(num)),
		       f->active ? "active" : "inactive", bids, tx, rx, sel);
	}
}

/* ---- bce ----------------------------------------------------------------- */

enum { BK_MN, BK_BID, BK_PRIO, BK_ATT, BK_LL, BK_COA, BK_HNP };

static const struct kw bce_kws[] = {
	[BK_MN] = { "mn", false },
	[BK_BID] = { "bid", false },
	[BK_PRIO] = { "prio", false },
	[BK_ATT] = { "att", false },
	[BK_LL] = { "ll", false },
	[BK_COA] = { "coa", false },
	[BK_HNP] = { "hnp", true },
};

static int bce_set_kw(size_t kw, const char *val, void *arg, char *why)
{
	struct pmip6_bce *b = arg;
	unsigned int plen;
	uint32_t v;

	switch (kw) {
	case BK_MN:
		return parse_mn(val, &b->mn, why);
	case BK_BID:
		if (pmip6_parse_num("bid", val, 1, 65535, &v, why))
			return -1;
		b->bid = (uint16_t)v;
		return 0;
	case BK_PRIO:
		if (pmip6_parse_num("prio", val, 0, PMIP6_BID_PRI_MAX, &v, why))
			return -1;
		b->bid_pri = (uint8_t)v;
		return 0;
	case BK_ATT:
		if (pmip6_parse_num("att", val, 0, 255, &v, why))
			return -1;
		b->att = (uint8_t)v;
		return 0;
	case BK_LL:
		return parse_hex("ll", val, b->ll_id, PMIP6_MN_LL_ID_MAX_LEN, &b->ll_id_len, why);
	case BK_COA:
		if (!pmip6_addr_parse(val, &b->proxy_coa)) {
			snprintf(why, PMIP6_WHYLEN, "invalid coa '%s' (expected an IPv6 address)", val);
			return -1;
		}
		return 0;
	case BK_HNP:
		if (b->n_hnp == PMIP6_BCE_HNP_MAX) {
			snprintf(why, PMIP6_WHYLEN, "too many hnp at '%s' (at most %d)", val,
				 PMIP6_BCE_HNP_MAX);
			return -1;
		}
		if (pmip6_parse_prefix("hnp", val, &b->hnp[b->n_hnp].prefix, &plen, why))
			return -1;
		for (unsigned int i = 0; i < b->n_hnp; i++) {
			if (!memcmp(&b->hnp[i].prefix, &b->hnp[b->n_hnp].prefix, 16) &&
			    b->hnp[i].len == plen) {
				snprintf(why, PMIP6_WHYLEN, "hnp '%s' given twice", val);
				return -1;
			}
		}
		b->hnp[b->n_hnp++].len = (uint8_t)plen;
		return 0;
	}
	return -1;
}

#define BCE_ARGS "mn MNID bid N [prio P] [att A] [ll HEX] coa ADDR hnp PFX/LEN [hnp PFX/LEN ...]"
#define BCE_ARGS_HELP \
	"  mn MNID         mobile node identifier (NAI), 1..255 bytes\n" \
	"  bid N           binding identifier, 1..65535\n" \
	"  prio P          BID priority, 0..127, lower is preferred (default 0)\n" \
	"  att A           access technology type, 0..255 (default 0)\n" \
	"  ll HEX          mobile node link-layer identifier, up to 32 bytes\n" \
	"  coa ADDR        the MAG's Proxy-CoA, a global unicast IPv6 address\n" \
	"  hnp PFX/LEN     home network prefix (the module takes /64); 1..16 of them\n"

static const struct subcommand bce_add_cmd = {
	.name = "bce add", .usage = PROG " bce add " BCE_ARGS "\n",
};
static const struct subcommand bce_set_cmd = {
	.name = "bce set", .usage = PROG " bce set " BCE_ARGS "\n",
};
static const struct subcommand bce_del_cmd = {
	.name = "bce del", .usage = PROG " bce del mn MNID bid N\n",
};
static const struct subcommand bce_show_cmd = {
	.name = "bce show", .usage = PROG " [-j] bce [show] [mn MNID [bid N]]\n",
};

static int print_help(const struct subcommand *c, const char *details)
{
	printf("usage: %s%s", c->usage, details);
	return 0;
}

static int bce_write(const struct subcommand *c, bool replace, int argc, char *argv[])
{
	struct pmip6_bce bce = { 0 };
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, replace ? "Replace the whole entry (mn, bid).\n" BCE_ARGS_HELP
				  : "Create the entry (mn, bid).\n" BCE_ARGS_HELP);
	rc = parse_kw(c, bce_kws, sizeof(bce_kws) / sizeof(bce_kws[0]), argc, argv, &seen,
		      bce_set_kw, &bce);
	if (!rc)
		rc = require(c, bce_kws, seen, BIT(BK_MN) | BIT(BK_BID) | BIT(BK_COA) | BIT(BK_HNP));
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if ((replace ? pmip6_bce_set : pmip6_bce_new)(h, &bce, err, sizeof(err)) < 0)
		rc = runtime_error(c->name, err);
	pmip6_genl_close(h);
	return rc;
}

static int bce_del(int argc, char *argv[])
{
	const struct subcommand *c = &bce_del_cmd;
	struct pmip6_bce key = { 0 };
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, "Delete the entry (mn, bid). Flow entries left with no\n"
				  "BID that has a binding become inactive.\n");
	rc = parse_kw(c, bce_kws, BK_BID + 1, argc, argv, &seen, bce_set_kw, &key);
	if (!rc)
		rc = require(c, bce_kws, seen, BIT(BK_MN) | BIT(BK_BID));
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_bce_del(h, &key.mn, key.bid, err, sizeof(err)) < 0)
		rc = runtime_error(c->name, err);
	pmip6_genl_close(h);
	return rc;
}

static int bce_show(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = &bce_show_cmd;
	struct pmip6_bce_list list = { 0 };
	struct pmip6_bce key = { 0 }, one;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	size_t n = 0;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, "Show the binding cache: every entry, those of one mobile\n"
				  "node, or one entry.\n");
	rc = parse_kw(c, bce_kws, BK_BID + 1, argc, argv, &seen, bce_set_kw, &key);
	if (rc)
		return rc;
	if ((seen & BIT(BK_BID)) && !(seen & BIT(BK_MN)))
		return usage_error(c, "'bid' needs 'mn'");
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (seen & BIT(BK_BID)) {
		if (pmip6_bce_get(h, &key.mn, key.bid, &one, err, sizeof(err)) < 0) {
			rc = runtime_error(c->name, err);
			goto out;
		}
		list.v = &one;
		list.n = 1;
		n = 1;
	} else {
		if (pmip6_bce_dump(h, &list, err, sizeof(err)) < 0) {
			rc = runtime_error(c->name, err);
			goto out;
		}
		for (size_t i = 0; i < list.n; i++)
			if (!(seen & BIT(BK_MN)) || mn_eq(&list.v[i].mn, &key.mn))
				list.v[n++] = list.v[i];
		if (n > 1)
			qsort(list.v, n, sizeof(list.v[0]), bce_cmp);
	}
	if (ctl->json) {
		putchar('[');
		for (size_t i = 0; i < n; i++) {
			printf("%s", i ? "," : "");
			json_bce(&list.v[i]);
		}
		printf("]\n");
	} else {
		human_bces(ctl, list.v, n);
	}
	if (list.v != &one)
		pmip6_bce_list_free(&list);
out:
	pmip6_genl_close(h);
	return rc;
}

static int bce_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = subcommand_find("bce");

	if (argc < 2 || !strcmp(argv[1], "show"))
		return bce_show(argc < 2 ? argc : argc - 1, argc < 2 ? argv : argv + 1, ctl);
	if (is_help(argv[1]))
		return print_help(c, "\n" BCE_ARGS_HELP);
	if (!strcmp(argv[1], "add"))
		return bce_write(&bce_add_cmd, false, argc - 1, argv + 1);
	if (!strcmp(argv[1], "set"))
		return bce_write(&bce_set_cmd, true, argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return bce_del(argc - 1, argv + 1);
	if (!strcmp(argv[1], "mn"))	/* "bce mn X ...": show is implied */
		return bce_show(argc, argv, ctl);
	return usage_error(c, "unknown subcommand '%s' (expected show, add, set or del)", argv[1]);
}

/* ---- flow ---------------------------------------------------------------- */

enum {
	FK_MN, FK_FID, FK_PRIO, FK_SRC, FK_DST, FK_PROTO, FK_SPORT, FK_DPORT,
	FK_SPI, FK_LABEL, FK_TCLASS, FK_BID, FK_ACTION,
};

static const struct kw flow_kws[] = {
	[FK_MN] = { "mn", false },
	[FK_FID] = { "fid", false },
	[FK_PRIO] = { "prio", false },
	[FK_SRC] = { "src", false },
	[FK_DST] = { "dst", false },
	[FK_PROTO] = { "proto", false },
	[FK_SPORT] = { "sport", false },
	[FK_DPORT] = { "dport", false },
	[FK_SPI] = { "spi", false },
	[FK_LABEL] = { "label", false },
	[FK_TCLASS] = { "tclass", false },
	[FK_BID] = { "bid", true },
	[FK_ACTION] = { "action", false },
};

static int flow_set_kw(size_t kw, const char *val, void *arg, char *why)
{
	struct pmip6_fmc *f = arg;
	uint32_t v;

	switch (kw) {
	case FK_MN:
		return parse_mn(val, &f->mn, why);
	case FK_FID:
		if (pmip6_parse_num("fid", val, 1, 65535, &v, why))
			return -1;
		f->fid = (uint16_t)v;
		return 0;
	case FK_PRIO:
		if (pmip6_parse_num("prio", val, 0, 65535, &v, why))
			return -1;
		f->fid_pri = (uint16_t)v;
		return 0;
	case FK_SRC:
	case FK_DST:
	case FK_PROTO:
	case FK_SPORT:
	case FK_DPORT:
	case FK_SPI:
	case FK_LABEL:
	case FK_TCLASS:
		/* The selector keywords are lib/selector.c's, shared with pmipd. */
		return pmip6_ts_parse_kw(&f->ts, flow_kws[kw].name, val, why) ? -1 : 0;
	case FK_BID:
		if (f->n_bid == PMIP6_FMC_BID_MAX) {
			snprintf(why, PMIP6_WHYLEN, "too many bid at '%s' (at most %d)", val,
				 PMIP6_FMC_BID_MAX);
			return -1;
		}
		if (pmip6_parse_num("bid", val, 1, 65535, &v, why))
			return -1;
		for (unsigned int i = 0; i < f->n_bid; i++) {
			if (f->bid[i] == v) {
				snprintf(why, PMIP6_WHYLEN, "bid '%s' given twice", val);
				return -1;
			}
		}
		f->bid[f->n_bid++] = (uint16_t)v;
		return 0;
	case FK_ACTION:
		if (pmip6_fmc_action_parse(val, &f->action)) {
			snprintf(why, PMIP6_WHYLEN, "invalid action '%s' (expected forward or drop)", val);
			return -1;
		}
		return 0;
	}
	return -1;
}

#define FLOW_ARGS "mn MNID fid N [prio P] [SELECTOR] bid N [bid N ...] [action forward|drop]"
#define FLOW_ARGS_HELP \
	"  mn MNID             mobile node identifier (NAI), 1..255 bytes\n" \
	"  fid N               flow identifier, 1..65535\n" \
	"  prio P              FID priority, 0..65535, lower is matched first (default 0)\n" \
	"  bid N               a BID of one of the MN's bindings; 1..8 of them, the live\n" \
	"                      one with the best BID priority carries the flow\n" \
	"  action forward|drop what to do with matching packets (default forward)\n" \
	"SELECTOR (RFC 6088 traffic selector; absent fields match anything):\n" \
	"  src PFX/LEN|ADDR|ADDR-ADDR   source address\n" \
	"  dst PFX/LEN|ADDR|ADDR-ADDR   destination address\n" \
	"  proto N[-M]|tcp|udp|icmpv6   next header\n" \
	"  sport N[-M]                  source port\n" \
	"  dport N[-M]                  destination port\n" \
	"  spi N[-M]                    IPsec SPI\n" \
	"  label N[-M]                  flow label, 0..0xfffff\n" \
	"  tclass N[-M]                 traffic class, 0..255\n" \
	"Numbers may be given in hex as 0xN.\n"

static const struct subcommand flow_add_cmd = {
	.name = "flow add", .usage = PROG " flow add " FLOW_ARGS "\n",
};
static const struct subcommand flow_set_cmd = {
	.name = "flow set", .usage = PROG " flow set " FLOW_ARGS "\n",
};
static const struct subcommand flow_del_cmd = {
	.name = "flow del", .usage = PROG " flow del mn MNID fid N\n",
};
static const struct subcommand flow_show_cmd = {
	.name = "flow show", .usage = PROG " [-j] flow [show] [mn MNID [fid N]]\n",
};

static int flow_write(const struct subcommand *c, bool replace, int argc, char *argv[])
{
	struct pmip6_fmc fmc = { 0 };
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, replace ? "Replace the whole entry (mn, fid).\n" FLOW_ARGS_HELP
				  : "Create the entry (mn, fid).\n" FLOW_ARGS_HELP);
	rc = parse_kw(c, flow_kws, sizeof(flow_kws) / sizeof(flow_kws[0]), argc, argv, &seen,
		      flow_set_kw, &fmc);
	if (!rc)
		rc = require(c, flow_kws, seen, BIT(FK_MN) | BIT(FK_FID) | BIT(FK_BID));
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if ((replace ? pmip6_fmc_set : pmip6_fmc_new)(h, &fmc, err, sizeof(err)) < 0)
		rc = runtime_error(c->name, err);
	pmip6_genl_close(h);
	return rc;
}

static int flow_del(int argc, char *argv[])
{
	const struct subcommand *c = &flow_del_cmd;
	struct pmip6_fmc key = { 0 };
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, "Delete the flow entry (mn, fid).\n");
	rc = parse_kw(c, flow_kws, FK_FID + 1, argc, argv, &seen, flow_set_kw, &key);
	if (!rc)
		rc = require(c, flow_kws, seen, BIT(FK_MN) | BIT(FK_FID));
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_fmc_del(h, &key.mn, key.fid, err, sizeof(err)) < 0)
		rc = runtime_error(c->name, err);
	pmip6_genl_close(h);
	return rc;
}

static int flow_show(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = &flow_show_cmd;
	struct pmip6_fmc_list list = { 0 };
	struct pmip6_fmc key = { 0 }, one;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	size_t n = 0;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, "Show the flow mobility cache: every entry, those of one\n"
				  "mobile node, or one entry.\n");
	rc = parse_kw(c, flow_kws, FK_FID + 1, argc, argv, &seen, flow_set_kw, &key);
	if (rc)
		return rc;
	if ((seen & BIT(FK_FID)) && !(seen & BIT(FK_MN)))
		return usage_error(c, "'fid' needs 'mn'");
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (seen & BIT(FK_FID)) {
		if (pmip6_fmc_get(h, &key.mn, key.fid, &one, err, sizeof(err)) < 0) {
			rc = runtime_error(c->name, err);
			goto out;
		}
		list.v = &one;
		list.n = 1;
		n = 1;
	} else {
		if (pmip6_fmc_dump(h, &list, err, sizeof(err)) < 0) {
			rc = runtime_error(c->name, err);
			goto out;
		}
		for (size_t i = 0; i < list.n; i++)
			if (!(seen & BIT(FK_MN)) || mn_eq(&list.v[i].mn, &key.mn))
				list.v[n++] = list.v[i];
		if (n > 1)
			qsort(list.v, n, sizeof(list.v[0]), fmc_cmp);
	}
	if (ctl->json) {
		putchar('[');
		for (size_t i = 0; i < n; i++) {
			printf("%s", i ? "," : "");
			json_fmc(&list.v[i]);
		}
		printf("]\n");
	} else {
		human_fmcs(ctl, list.v, n);
	}
	if (list.v != &one)
		pmip6_fmc_list_free(&list);
out:
	pmip6_genl_close(h);
	return rc;
}

static int flow_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = subcommand_find("flow");

	if (argc < 2 || !strcmp(argv[1], "show"))
		return flow_show(argc < 2 ? argc : argc - 1, argc < 2 ? argv : argv + 1, ctl);
	if (is_help(argv[1]))
		return print_help(c, "\n" FLOW_ARGS_HELP);
	if (!strcmp(argv[1], "add"))
		return flow_write(&flow_add_cmd, false, argc - 1, argv + 1);
	if (!strcmp(argv[1], "set"))
		return flow_write(&flow_set_cmd, true, argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return flow_del(argc - 1, argv + 1);
	if (!strcmp(argv[1], "mn"))
		return flow_show(argc, argv, ctl);
	return usage_error(c, "unknown subcommand '%s' (expected show, add, set or del)", argv[1]);
}

/* ---- bul (MAG binding update list) ------------------------------------- */

enum { UK_MN, UK_LMA, UK_DEV, UK_LL, UK_HNP, UK_OFFLINK, UK_BID };

static const struct kw bul_kws[] = {
	[UK_MN] = { "mn", false },
	[UK_LMA] = { "lma", false },
	[UK_DEV] = { "dev", false },
	[UK_LL] = { "ll", false },
	[UK_HNP] = { "hnp", true },
	[UK_OFFLINK] = { "offlink", true },
	[UK_BID] = { "bid", false },
};

struct bul_args {
	struct pmip6_bul bul;
	const char *dev;
};

static int bul_set_kw(size_t kw, const char *val, void *arg, char *why)
{
	struct bul_args *a = arg;
	struct pmip6_bul *b = &a->bul;

	switch (kw) {
	case UK_MN:
		return parse_mn(val, &b->mn, why);
	case UK_LMA:
		if (!pmip6_addr_parse(val, &b->lma_addr)) {
			snprintf(why, PMIP6_WHYLEN, "invalid lma '%s' (expected an IPv6 address)", val);
			return -1;
		}
		return 0;
	case UK_DEV:
		if (!*val || strlen(val) >= IF_NAMESIZE) {
			snprintf(why, PMIP6_WHYLEN, "invalid dev '%s' (expected an interface name)", val);
			return -1;
		}
		a->dev = val;
		return 0;
	case UK_LL:
		if (!pmip6_addr_parse(val, &b->mn_ll_addr)) {
			snprintf(why, PMIP6_WHYLEN, "invalid ll '%s' (expected an IPv6 link-local address)",
				 val);
			return -1;
		}
		b->has_mn_ll_addr = true;
		return 0;
	case UK_HNP:
		return hnp_add("hnp", val, b->hnp, &b->n_hnp, PMIP6_BUL_HNP_MAX, why);
	case UK_OFFLINK:
		return hnp_add("offlink", val, b->offlink_hnp, &b->n_offlink_hnp,
			       PMIP6_BUL_HNP_MAX, why);
	case UK_BID: {
		uint32_t bid;

		if (pmip6_parse_num("bid", val, 1, 65535, &bid, why))
			return -1;
		b->bid = (uint16_t)bid;
		return 0;
	}
	}
	return -1;
}

#define BUL_ARGS "mn MNID lma ADDR dev IFNAME [ll ADDR] [bid N] hnp PFX/LEN [hnp ...] [offlink PFX/LEN ...]"
#define BUL_ARGS_HELP \
	"  mn MNID          mobile node identifier (NAI), 1..255 bytes\n" \
	"  lma ADDR         the LMA address (LMAA), global unicast\n" \
	"  dev IFNAME       the access interface the MN is attached on\n" \
	"  ll ADDR          the MN's link-local address, next hop of off-link prefixes\n" \
	"  bid N            the BID registered for this attachment (RFC 5648), 1..65535;\n" \
	"                   the MN's flow entries on this MAG name it\n" \
	"  hnp PFX/LEN      on-link home network prefix (the module takes /64); 1..16\n" \
	"  offlink PFX/LEN  off-link prefix routed to the MN, never advertised; 0..16\n"

static const struct subcommand bul_add_cmd = {
	.name = "bul add", .usage = PROG " bul add " BUL_ARGS "\n",
};
static const struct subcommand bul_set_cmd = {
	.name = "bul set", .usage = PROG " bul set " BUL_ARGS "\n",
};
static const struct subcommand bul_del_cmd = {
	.name = "bul del", .usage = PROG " bul del mn MNID\n",
};
static const struct subcommand bul_show_cmd = {
	.name = "bul show", .usage = PROG " [-j] bul [show] [mn MNID]\n",
};

static int bul_write(const struct subcommand *c, bool replace, int argc, char *argv[])
{
	struct bul_args a = { 0 };
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, replace ? "Replace the whole entry of the MN.\n" BUL_ARGS_HELP
				  : "Create the MN's entry.\n" BUL_ARGS_HELP);
	rc = parse_kw(c, bul_kws, sizeof(bul_kws) / sizeof(bul_kws[0]), argc, argv, &seen,
		      bul_set_kw, &a);
	if (!rc)
		rc = require(c, bul_kws, seen, BIT(UK_MN) | BIT(UK_LMA) | BIT(UK_DEV) | BIT(UK_HNP));
	if (rc)
		return rc;
	a.bul.ifindex = if_nametoindex(a.dev);
	if (!a.bul.ifindex) {
		fprintf(stderr, "%s: %s: no device '%s' in this network namespace\n", PROG,
			c->name, a.dev);
		return EXIT_RUNTIME;
	}
	rc = open_genl(&h);
	if (rc)
		return rc;
	if ((replace ? pmip6_bul_set : pmip6_bul_new)(h, &a.bul, err, sizeof(err)) < 0)
		rc = runtime_error(c->name, err);
	pmip6_genl_close(h);
	return rc;
}

static int bul_del(int argc, char *argv[])
{
	const struct subcommand *c = &bul_del_cmd;
	struct bul_args a = { 0 };
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, "Delete the MN's binding update list entry.\n");
	rc = parse_kw(c, bul_kws, UK_MN + 1, argc, argv, &seen, bul_set_kw, &a);
	if (!rc)
		rc = require(c, bul_kws, seen, BIT(UK_MN));
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_bul_del(h, &a.bul.mn, err, sizeof(err)) < 0)
		rc = runtime_error(c->name, err);
	pmip6_genl_close(h);
	return rc;
}

static int bul_cmp(const void *pa, const void *pb)
{
	return mn_cmp(&((const struct pmip6_bul *)pa)->mn, &((const struct pmip6_bul *)pb)->mn);
}

static void json_bul(const struct pmip6_bul *b)
{
	char dev[IF_NAMESIZE];

	printf("{\"mn_id\":");
	json_bytes(b->mn.id, b->mn.len);
	printf(",\"lma_addr\":");
	json_addr(&b->lma_addr);
	printf(",\"ifindex\":%" PRIu32 ",\"dev\":", b->ifindex);
	if (if_indextoname(b->ifindex, dev))
		json_string(dev);
	else
		printf("null");
	printf(",\"mn_ll_addr\":");
	if (b->has_mn_ll_addr)
		json_addr(&b->mn_ll_addr);
	else
		printf("null");
	printf(",\"bid\":");
	if (b->bid)
		printf("%u", b->bid);
	else
		printf("null");
	printf(",\"hnp\":");
	json_hnps(b->hnp, b->n_hnp);
	printf(",\"offlink_hnp\":");
	json_hnps(b->offlink_hnp, b->n_offlink_hnp);
	printf(",\"counters\":");
	json_counters(&b->counters);
	printf(",\"registration\":");
	json_registration(&b->reg);
	printf("}");
}

static void human_bul(const struct ctl *ctl, const struct pmip6_bul *b)
{
	char s[INET6_ADDRSTRLEN], dev[IF_NAMESIZE];

	label(ctl, 0, "mn");
	human_mn(&b->mn);
	putchar('\n');
	label(ctl, 2, "lma");
	printf("%s\n", addr_str(&b->lma_addr, s));
	label(ctl, 2, "dev");
	if (if_indextoname(b->ifindex, dev))
		printf("%s\n", dev);
	else
		printf("ifindex %" PRIu32 "\n", b->ifindex);
	label(ctl, 2, "mn-ll-addr");
	printf("%s\n", b->has_mn_ll_addr ? addr_str(&b->mn_ll_addr, s) : "none");
	label(ctl, 2, "bid");
	if (b->bid)
		printf("%u\n", b->bid);
	else
		printf("none\n");
	label(ctl, 2, "hnp");
	human_hnps(b->hnp, b->n_hnp);
	label(ctl, 2, "offlink-hnp");
	human_hnps(b->offlink_hnp, b->n_offlink_hnp);
	human_counters(ctl, 2, &b->counters);
	human_registration(ctl, 2, &b->reg);
}

static int bul_show(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = &bul_show_cmd;
	struct pmip6_bul_list list = { 0 };
	struct bul_args a = { 0 };
	struct pmip6_bul one;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, "Show the binding update list: every entry, or one MN's.\n");
	rc = parse_kw(c, bul_kws, UK_MN + 1, argc, argv, &seen, bul_set_kw, &a);
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (seen & BIT(UK_MN)) {
		rc = pmip6_bul_get(h, &a.bul.mn, &one, err, sizeof(err));
		list.v = &one;
		list.n = 1;
	} else {
		rc = pmip6_bul_dump(h, &list, err, sizeof(err));
		if (!rc && list.n > 1)
			qsort(list.v, list.n, sizeof(list.v[0]), bul_cmp);
	}
	if (rc < 0) {
		rc = runtime_error(c->name, err);
		goto out;
	}
	if (ctl->json)
		putchar('[');
	for (size_t i = 0; i < list.n; i++) {
		if (ctl->json) {
			printf("%s", i ? "," : "");
			json_bul(&list.v[i]);
		} else {
			if (i)
				putchar('\n');
			human_bul(ctl, &list.v[i]);
		}
	}
	if (ctl->json)
		printf("]\n");
	if (list.v != &one)
		pmip6_bul_list_free(&list);
out:
	pmip6_genl_close(h);
	return rc;
}

static int bul_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = subcommand_find("bul");

	if (argc < 2 || !strcmp(argv[1], "show"))
		return bul_show(argc < 2 ? argc : argc - 1, argc < 2 ? argv : argv + 1, ctl);
	if (is_help(argv[1]))
		return print_help(c, "\n" BUL_ARGS_HELP);
	if (!strcmp(argv[1], "add"))
		return bul_write(&bul_add_cmd, false, argc - 1, argv + 1);
	if (!strcmp(argv[1], "set"))
		return bul_write(&bul_set_cmd, true, argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return bul_del(argc - 1, argv + 1);
	if (!strcmp(argv[1], "mn"))
		return bul_show(argc, argv, ctl);
	return usage_error(c, "unknown subcommand '%s' (expected show, add, set or del)", argv[1]);
}

/* ---- ro (localized routing states) ------------------------------------- */

enum { RK_SRC, RK_DST, RK_PEER, RK_LIFETIME, RK_OWNER };

static const struct kw ro_kws[] = {
	[RK_SRC] = { "src", false },
	[RK_DST] = { "dst", false },
	[RK_PEER] = { "peer", false },
	[RK_LIFETIME] = { "lifetime", false },
	[RK_OWNER] = { "owner", false },
};

static int ro_set_kw(size_t kw, const char *val, void *arg, char *why)
{
	struct pmip6_ro *r = arg;
	unsigned int plen;

	switch (kw) {
	case RK_SRC:
	case RK_DST: {
		struct pmip6_hnp *hnp = kw == RK_SRC ? &r->src_hnp : &r->dst_hnp;

		if (pmip6_parse_prefix(kw == RK_SRC ? "src" : "dst", val, &hnp->prefix, &plen, why))
			return -1;
		hnp->len = (uint8_t)plen;
		return 0;
	}
	case RK_PEER:
		if (!pmip6_addr_parse(val, &r->peer_addr)) {
			snprintf(why, PMIP6_WHYLEN, "invalid peer '%s' (expected an IPv6 address)", val);
			return -1;
		}
		return 0;
	case RK_LIFETIME:
		return pmip6_parse_num("lifetime", val, 1, UINT32_MAX, &r->lifetime, why);
	case RK_OWNER:
		if (pmip6_ro_owner_parse(val, &r->owner)) {
			snprintf(why, PMIP6_WHYLEN,
				 "invalid owner '%s' (expected controller, trigger or mag)", val);
			return -1;
		}
		return 0;
	}
	return -1;
}

#define RO_ARGS "src PFX/LEN dst PFX/LEN peer ADDR lifetime SECONDS owner controller|trigger|mag"
#define RO_ARGS_HELP \
	"  src PFX/LEN      the source MN's home network prefix (/64)\n" \
	"  dst PFX/LEN      the destination MN's home network prefix (/64)\n" \
	"  peer ADDR        the peer MAG's address, global unicast\n" \
	"  lifetime SECONDS 1.. seconds, counted from this add or set\n" \
	"  owner controller|trigger|mag\n" \
	"                   mag on a MAG; controller or trigger (RO roles) on an LMA\n"

static const struct subcommand ro_add_cmd = {
	.name = "ro add", .usage = PROG " ro add " RO_ARGS "\n",
};
static const struct subcommand ro_set_cmd = {
	.name = "ro set", .usage = PROG " ro set " RO_ARGS "\n",
};
static const struct subcommand ro_del_cmd = {
	.name = "ro del", .usage = PROG " ro del src PFX/LEN dst PFX/LEN\n",
};
static const struct subcommand ro_show_cmd = {
	.name = "ro show", .usage = PROG " [-j] ro [show] [src PFX/LEN dst PFX/LEN]\n",
};

static int ro_write(const struct subcommand *c, bool replace, int argc, char *argv[])
{
	struct pmip6_ro ro = { 0 };
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, replace ? "Replace the state and restart its lifetime.\n" RO_ARGS_HELP
				  : "Create the localized routing state (src, dst).\n" RO_ARGS_HELP);
	rc = parse_kw(c, ro_kws, sizeof(ro_kws) / sizeof(ro_kws[0]), argc, argv, &seen,
		      ro_set_kw, &ro);
	if (!rc)
		rc = require(c, ro_kws, seen, BIT(RK_SRC) | BIT(RK_DST) | BIT(RK_PEER) |
			     BIT(RK_LIFETIME) | BIT(RK_OWNER));
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if ((replace ? pmip6_ro_set : pmip6_ro_new)(h, &ro, err, sizeof(err)) < 0)
		rc = runtime_error(c->name, err);
	pmip6_genl_close(h);
	return rc;
}

static int ro_del(int argc, char *argv[])
{
	const struct subcommand *c = &ro_del_cmd;
	struct pmip6_ro key = { 0 };
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, "Delete the localized routing state (src, dst).\n");
	rc = parse_kw(c, ro_kws, RK_DST + 1, argc, argv, &seen, ro_set_kw, &key);
	if (!rc)
		rc = require(c, ro_kws, seen, BIT(RK_SRC) | BIT(RK_DST));
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_ro_del(h, &key.src_hnp, &key.dst_hnp, err, sizeof(err)) < 0)
		rc = runtime_error(c->name, err);
	pmip6_genl_close(h);
	return rc;
}

static int hnp_cmp(const struct pmip6_hnp *a, const struct pmip6_hnp *b)
{
	int c = memcmp(&a->prefix, &b->prefix, sizeof(a->prefix));

	return c ? c : (int)a->len - (int)b->len;
}

static int ro_cmp(const void *pa, const void *pb)
{
	const struct pmip6_ro *a = pa, *b = pb;
	int c = hnp_cmp(&a->src_hnp, &b->src_hnp);

	return c ? c : hnp_cmp(&a->dst_hnp, &b->dst_hnp);
}

static const char *owner_str(uint32_t owner, char *buf, size_t len)
{
	const char *name = pmip6_ro_owner_name(owner);

	if (name)
		return name;
	snprintf(buf, len, "%" PRIu32, owner);
	return buf;
}

static void json_ro(const struct pmip6_ro *r)
{
	char s[INET6_ADDRSTRLEN + 8];

	printf("{\"src_hnp\":");
	hnp_str(&r->src_hnp, s, sizeof(s));
	json_string(s);
	printf(",\"dst_hnp\":");
	hnp_str(&r->dst_hnp, s, sizeof(s));
	json_string(s);
	printf(",\"peer_addr\":");
	json_addr(&r->peer_addr);
	printf(",\"lifetime\":%" PRIu32 ",\"remaining\":%" PRIu32 ",\"owner\":",
	       r->lifetime, r->remaining);
	if (pmip6_ro_owner_name(r->owner))
		json_string(pmip6_ro_owner_name(r->owner));
	else
		printf("%" PRIu32, r->owner);
	printf(",\"counters\":");
	json_counters(&r->counters);
	printf("}");
}

static void human_ros(const struct ctl *ctl, const struct pmip6_ro *v, size_t n)
{
	const char *bold = ctl->color ? "\033[1m" : "", *plain = ctl->color ? "\033[0m" : "";
	char src[INET6_ADDRSTRLEN + 8], dst[INET6_ADDRSTRLEN + 8], peer[INET6_ADDRSTRLEN];
	char tx[48], rx[48], num[16], life[32];

	if (!n)
		return;
	printf("%s%-24s %-24s %-24s %-10s %-14s %-18s %s%s\n", bold, "SRC", "DST", "PEER",
	       "OWNER", "LEFT/LIFETIME", "TX PKTS/BYTES", "RX PKTS/BYTES", plain);
	for (size_t i = 0; i < n; i++) {
		const struct pmip6_ro *r = &v[i];

		hnp_str(&r->src_hnp, src, sizeof(src));
		hnp_str(&r->dst_hnp, dst, sizeof(dst));
		snprintf(life, sizeof(life), "%" PRIu32 "/%" PRIu32 "s%s", r->remaining,
			 r->lifetime, r->has_remaining && !r->remaining ? " expired" : "");
		snprintf(tx, sizeof(tx), "%" PRIu64 "/%" PRIu64, r->counters.packets_tx,
			 r->counters.bytes_tx);
		snprintf(rx, sizeof(rx), "%" PRIu64 "/%" PRIu64, r->counters.packets_rx,
			 r->counters.bytes_rx);
		printf("%-24s %-24s %-24s %-10s %-14s %-18s %s\n", src, dst,
		       addr_str(&r->peer_addr, peer), owner_str(r->owner, num, sizeof(num)),
		       life, tx, rx);
	}
}

static int ro_show(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = &ro_show_cmd;
	struct pmip6_ro_list list = { 0 };
	struct pmip6_ro key = { 0 }, one;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t seen;
	int rc;

	if (argc > 1 && is_help(argv[1]))
		return print_help(c, "Show the localized routing states: all, or one.\n");
	rc = parse_kw(c, ro_kws, RK_DST + 1, argc, argv, &seen, ro_set_kw, &key);
	if (rc)
		return rc;
	if (!!(seen & BIT(RK_SRC)) != !!(seen & BIT(RK_DST)))
		return usage_error(c, "'%s' needs '%s'", seen & BIT(RK_SRC) ? "src" : "dst",
				   seen & BIT(RK_SRC) ? "dst" : "src");
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (seen & BIT(RK_SRC)) {
		rc = pmip6_ro_get(h, &key.src_hnp, &key.dst_hnp, &one, err, sizeof(err));
		list.v = &one;
		list.n = 1;
	} else {
		rc = pmip6_ro_dump(h, &list, err, sizeof(err));
		if (!rc && list.n > 1)
			qsort(list.v, list.n, sizeof(list.v[0]), ro_cmp);
	}
	if (rc < 0) {
		rc = runtime_error(c->name, err);
		goto out;
	}
	if (ctl->json) {
		putchar('[');
		for (size_t i = 0; i < list.n; i++) {
			printf("%s", i ? "," : "");
			json_ro(&list.v[i]);
		}
		printf("]\n");
	} else {
		human_ros(ctl, list.v, list.n);
	}
	if (list.v != &one)
		pmip6_ro_list_free(&list);
out:
	pmip6_genl_close(h);
	return rc;
}

static int ro_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = subcommand_find("ro");

	if (argc < 2 || !strcmp(argv[1], "show"))
		return ro_show(argc < 2 ? argc : argc - 1, argc < 2 ? argv : argv + 1, ctl);
	if (is_help(argv[1]))
		return print_help(c, "\n" RO_ARGS_HELP);
	if (!strcmp(argv[1], "add"))
		return ro_write(&ro_add_cmd, false, argc - 1, argv + 1);
	if (!strcmp(argv[1], "set"))
		return ro_write(&ro_set_cmd, true, argc - 1, argv + 1);
	if (!strcmp(argv[1], "del"))
		return ro_del(argc - 1, argv + 1);
	if (!strcmp(argv[1], "src") || !strcmp(argv[1], "dst"))
		return ro_show(argc, argv, ctl);
	return usage_error(c, "unknown subcommand '%s' (expected show, add, set or del)", argv[1]);
}

static int help_main(int argc, char *argv[], const struct ctl *ctl);

static int daemon_main(int argc, char *argv[], const struct ctl *ctl)
{
	return pmipctl_daemon_main(argc, argv, ctl->json);
}

/* ---- monitor -------------------------------------------------------------- */

static const char *change_str(uint8_t change, char *buf, size_t len)
{
	static const char *const names[] = {
		[PMIP6_CHANGE_NEW] = "new",
		[PMIP6_CHANGE_SET] = "set",
		[PMIP6_CHANGE_DEL] = "del",
		[PMIP6_CHANGE_EXPIRED] = "expired",
		[PMIP6_CHANGE_ACTIVITY] = "activity",
	};

	if (change < sizeof(names) / sizeof(names[0]) && names[change])
		return names[change];
	snprintf(buf, len, "%u", change);
	return buf;
}

/* The name monitor gives each notification, as the commands are named. */
static const char *event_name(uint8_t cmd)
{
	switch (cmd) {
	case PMIP6_CMD_MN_TRAFFIC_NTF:
		return "mn_traffic";
	case PMIP6_CMD_INSTANCE_NTF:
		return "instance";
	case PMIP6_CMD_BCE_NTF:
		return "bce";
	case PMIP6_CMD_FMC_NTF:
		return "flow";
	case PMIP6_CMD_BUL_NTF:
		return "bul";
	case PMIP6_CMD_RO_NTF:
		return "ro";
	}
	return NULL;
}

static void json_event(const struct pmip6_event *ev)
{
	const char *name = event_name(ev->cmd);
	char s[INET6_ADDRSTRLEN + 8], num[8];
	const struct pmip6_mn_traffic *t = &ev->u.traffic;

	printf("{\"event\":");
	json_string(name);
	if (ev->cmd != PMIP6_CMD_MN_TRAFFIC_NTF) {
		const char *change = change_str(ev->change, num, sizeof(num));

		printf(",\"change\":");
		if (change == num)
			printf("%s", num);
		else
			json_string(change);
		if (ev->timestamp_ns)
			printf(",\"timestamp_ns\":%" PRIu64, ev->timestamp_ns);
	}
	printf(",\"%s\":", name);
	switch (ev->cmd) {
	case PMIP6_CMD_MN_TRAFFIC_NTF:
		printf("{\"src_mn_id\":");
		json_bytes(t->src.id, t->src.len);
		printf(",\"src_hnp\":");
		hnp_str(&t->src_hnp, s, sizeof(s));
		json_string(s);
		printf(",\"dst_mn_id\":");
		if (t->dst.len)
			json_bytes(t->dst.id, t->dst.len);
		else
			printf("null");	/* a remote prefix: another LMA's MN */
		printf(",\"dst_hnp\":");
		hnp_str(&t->dst_hnp, s, sizeof(s));
		json_string(s);
		printf("}");
		break;
	case PMIP6_CMD_INSTANCE_NTF:
		json_instance(&ev->u.instance);
		break;
	case PMIP6_CMD_BCE_NTF:
		json_bce(&ev->u.bce);
		break;
	case PMIP6_CMD_FMC_NTF:
		json_fmc(&ev->u.fmc);
		break;
	case PMIP6_CMD_BUL_NTF:
		json_bul(&ev->u.bul);
		break;
	case PMIP6_CMD_RO_NTF:
		json_ro(&ev->u.ro);
		break;
	}
	printf("}\n");
}

/*
 * One line per notification, keyword value pairs in the command line's
 * own syntax where there is one: "bce new mn X bid 1 ...".
 */
static void human_event(const struct pmip6_event *ev)
{
	char s[INET6_ADDRSTRLEN + 8], sel[1024], num[16], dev[IF_NAMESIZE];
	const char *name = event_name(ev->cmd);

	printf("%s", name);
	if (ev->cmd != PMIP6_CMD_MN_TRAFFIC_NTF)
		printf(" %s", change_str(ev->change, num, sizeof(num)));
	switch (ev->cmd) {
	case PMIP6_CMD_MN_TRAFFIC_NTF: {
		const struct pmip6_mn_traffic *t = &ev->u.traffic;

		printf(" src-mn ");
		human_mn(&t->src);
		hnp_str(&t->src_hnp, s, sizeof(s));
		printf(" src %s dst-mn ", s);
		if (t->dst.len)
			human_mn(&t->dst);
		else
			printf("remote");
		hnp_str(&t->dst_hnp, s, sizeof(s));
		printf(" dst %s", s);
		break;
	}
	case PMIP6_CMD_INSTANCE_NTF: {
		const struct pmip6_instance *in = &ev->u.instance;
		const char *role = in->has_role ? pmip6_role_name(in->role) : NULL;

		if (role)
			printf(" role %s", role);
		else if (in->has_role)
			printf(" role %" PRIu32, in->role);
		if (in->has_local_addr)
			printf(" local %s", addr_str(&in->local_addr, s));
		if (in->has_ifindex)
			printf(" dev %s", if_indextoname(in->ifindex, dev) ? dev : "?");
		printf(" generation %" PRIu32, in->generation);
		break;
	}
	case PMIP6_CMD_BCE_NTF: {
		const struct pmip6_bce *b = &ev->u.bce;

		printf(" mn ");
		human_mn(&b->mn);
		printf(" bid %u prio %u att %u coa %s", b->bid, b->bid_pri, b->att,
		       addr_str(&b->proxy_coa, s));
		for (unsigned int i = 0; i < b->n_hnp; i++) {
			hnp_str(&b->hnp[i], s, sizeof(s));
			printf(" hnp %s", s);
		}
		break;
	}
	case PMIP6_CMD_FMC_NTF: {
		const struct pmip6_fmc *f = &ev->u.fmc;

		printf(" mn ");
		human_mn(&f->mn);
		printf(" fid %u prio %u", f->fid, f->fid_pri);
		pmip6_ts_str(&f->ts, sel, sizeof(sel));
		if (sel[0])
			printf(" %s", sel);
		for (unsigned int i = 0; i < f->n_bid; i++)
			printf(" bid %u", f->bid[i]);
		printf(" action %s %s", action_str(f->action, num, sizeof(num)),
		       f->active ? "active" : "inactive");
		break;
	}
	case PMIP6_CMD_BUL_NTF: {
		const struct pmip6_bul *b = &ev->u.bul;

		printf(" mn ");
		human_mn(&b->mn);
		printf(" lma %s dev %s", addr_str(&b->lma_addr, s),
		       if_indextoname(b->ifindex, dev) ? dev : "?");
		if (b->bid)
			printf(" bid %u", b->bid);
		for (unsigned int i = 0; i < b->n_hnp; i++) {
			hnp_str(&b->hnp[i], s, sizeof(s));
			printf(" hnp %s", s);
		}
		for (unsigned int i = 0; i < b->n_offlink_hnp; i++) {
			hnp_str(&b->offlink_hnp[i], s, sizeof(s));
			printf(" offlink %s", s);
		}
		break;
	}
	case PMIP6_CMD_RO_NTF: {
		const struct pmip6_ro *r = &ev->u.ro;

		hnp_str(&r->src_hnp, s, sizeof(s));
		printf(" src %s", s);
		hnp_str(&r->dst_hnp, s, sizeof(s));
		printf(" dst %s peer %s lifetime %" PRIu32 " owner %s", s,
		       addr_str(&r->peer_addr, sel), r->lifetime,
		       owner_str(r->owner, num, sizeof(num)));
		break;
	}
	}
	putchar('\n');
}

static void print_event(const struct pmip6_event *ev, void *arg)
{
	const struct ctl *ctl = arg;

	if (!event_name(ev->cmd))
		return;
	if (ctl->json)
		json_event(ev);
	else
		human_event(ev);
	/* A reader at the other end of a pipe sees each line as it comes. */
	fflush(stdout);
}

static int monitor_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c = subcommand_find("monitor");
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	struct pollfd pfd[2];
	sigset_t mask;
	int rc, sfd;

	if (argc > 1 && is_help(argv[1])) {
		printf("usage: %s", c->usage);
		return 0;
	}
	rc = no_args(c, argc, argv);
	if (rc)
		return rc;
	rc = open_genl(&h);
	if (rc)
		return rc;
	if (pmip6_events_join(h, err, sizeof(err)) < 0) {
		rc = runtime_error("monitor", err);
		goto out;
	}
	/* SIGINT and SIGTERM end the loop by a file descriptor, not a handler. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
	    (sfd = signalfd(-1, &mask, SFD_CLOEXEC)) < 0) {
		rc = runtime_error("monitor", strerror(errno));
		goto out;
	}
	pfd[0] = (struct pollfd){ .fd = pmip6_genl_fd(h), .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = runtime_error("monitor", strerror(errno));
			break;
		}
		if (pfd[1].revents)
			break;	/* asked to stop: a normal end */
		if (!pfd[0].revents)
			continue;
		rc = pmip6_events_read(h, print_event, (void *)ctl, err, sizeof(err));
		if (rc == -ENOBUFS) {
			/* Say so, in the output's own format, and go on. */
			if (ctl->json)
				printf("{\"event\":\"lost\"}\n");
			else
				printf("lost notifications (receive buffer overrun)\n");
			fflush(stdout);
		} else if (rc == -EPROTO) {
			fprintf(stderr, "%s: monitor: %s\n", PROG, err);
		} else if (rc < 0) {
			rc = runtime_error("monitor", err);
			break;
		}
		rc = 0;
	}
	close(sfd);
out:
	pmip6_genl_close(h);
	return rc;
}


static const struct subcommand subcommands[] = {
	{ "show", show_main, "module version and this netns's instance (default)",
	  PROG " [-j] show\n" },
	{ "version", version_main, "pmipctl and module versions",
	  PROG " [-j] version\n" },
	{ "instance", instance_main, "show or configure this netns's instance",
	  PROG " [-j] instance [show]\n"
	  "       " PROG " instance set role lma|mag [local ADDR]\n" },
	{ "bce", bce_main, "show or change the binding cache (LMA)",
	  PROG " [-j] bce [show] [mn MNID [bid N]]\n"
	  "       " PROG " bce add|set " BCE_ARGS "\n"
	  "       " PROG " bce del mn MNID bid N\n" },
	{ "flow", flow_main, "show or change the flow mobility cache",
	  PROG " [-j] flow [show] [mn MNID [fid N]]\n"
	  "       " PROG " flow add|set " FLOW_ARGS "\n"
	  "       " PROG " flow del mn MNID fid N\n" },
	{ "bul", bul_main, "show or change the binding update list (MAG)",
	  PROG " [-j] bul [show] [mn MNID]\n"
	  "       " PROG " bul add|set " BUL_ARGS "\n"
	  "       " PROG " bul del mn MNID\n" },
	{ "ro", ro_main, "show or change the localized routing states",
	  PROG " [-j] ro [show] [src PFX/LEN dst PFX/LEN]\n"
	  "       " PROG " ro add|set " RO_ARGS "\n"
	  "       " PROG " ro del src PFX/LEN dst PFX/LEN\n" },
	{ "daemon", daemon_main, "talk to pmipd: bindings, transactions, attach",
	  PMIPCTL_DAEMON_USAGE },
	{ "monitor", monitor_main, "print notifications until interrupted",
	  PROG " [-j] monitor\n" },
	{ "help", help_main, "this text, or a command's usage",
	  PROG " help [COMMAND]\n" },
};

static const struct subcommand *subcommand_find(const char *name)
{
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(subcommands[i].name, name))
			return &subcommands[i];
	return NULL;
}

static void main_usage(FILE *f)
{
	fprintf(f,
		"usage: %s [-j] [COMMAND [ARGS]]\n"
		"\n"
		"Show and configure the pmip6 (Proxy Mobile IPv6) module in the current\n"
		"network namespace. Without a command, runs 'show'.\n"
		"\n"
		"Options:\n"
		"  -j, --json      JSON output, a stable machine format\n"
		"  -V, --version   print pmipctl's version and exit\n"
		"  -h, --help      this text\n"
		"\n"
		"Commands:\n", PROG);
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(f,
		"\n"
		"'%s COMMAND --help' shows a command's usage.\n"
		"\n"
		"Exit status: 0 success, 1 runtime error (module not loaded, kernel\n"
		"refused the request), 2 usage error.\n", PROG);
}

static int help_main(int argc, char *argv[], const struct ctl *ctl)
{
	const struct subcommand *c;

	(void)ctl;
	if (argc < 2) {
		main_usage(stdout);
		return 0;
	}
	if (argc > 2)
		return usage_error(subcommand_find("help"), "unexpected argument '%s'", argv[2]);
	c = subcommand_find(argv[1]);
	if (!c)
		return usage_error(NULL, "unknown command '%s'", argv[1]);
	printf("usage: %s", c->usage);
	return 0;
}

int main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "json",    no_argument, NULL, 'j' },
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl ctl = { 0 };
	const struct subcommand *c;
	char *show_argv[] = { (char *)"show", NULL };
	int opt;

	opterr = 0;	/* we name the bad token ourselves */
	while ((opt = getopt_long(argc, argv, "+jhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			ctl.json = true;
			break;
		case 'h':
			main_usage(stdout);
			return 0;
		case 'V':
			printf("%s %s\n", PROG, PMIP6_USER_VERSION);
			return 0;
		default:
			/* optopt: 0 for an unknown long option, the option's
			 * own letter for "--json=x", else the bad letter.
			 */
			if (!optopt)
				return usage_error(NULL, "unknown option '%s'", argv[optind - 1]);
			if (strchr("jhV", optopt))
				return usage_error(NULL, "option '%s' takes no value",
						   argv[optind - 1]);
			return usage_error(NULL, "unknown option '-%c'", optopt);
		}
	}
	argc -= optind;
	argv += optind;
	ctl.color = !ctl.json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");

	if (argc == 0)
		return show_main(1, show_argv, &ctl);
	c = subcommand_find(argv[0]);
	if (!c)
		return usage_error(NULL, "unknown command '%s'", argv[0]);
	return c->fn(argc, argv, &ctl);
}
