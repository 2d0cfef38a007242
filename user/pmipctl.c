// SPDX-License-Identifier: GPL-2.0-only
/*
 * pmipctl: the operator's tool for the pmip6 module, in the style of wg(8)
 * and ip(8): a table of subcommands, each <cmd>_main(argc, argv, ctl) with
 * argv[0] the command's own name; no arguments means "show".
 *
 * Output: human text (labels in bold on a terminal), or with -j one JSON
 * object per invocation, whose keys are a stable interface:
 *
 *   show:     {"module":{"version":S,"family_version":N},
 *              "instance":{"role":"lma"|"mag"|null,"local_addr":S|null,
 *                          "generation":N,"netns_cookie":N}}
 *   version:  {"pmipctl":S,"module":{"version":S,"family_version":N}}
 *   instance: {"instance":{...as in show...}}
 *
 * A role this tool does not know is printed as its number.
 *
 * Exit status: 0 success, 1 runtime error (module missing, kernel refused),
 * 2 usage error (bad command line).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "lib/genl.h"
#include "lib/names.h"

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
	printf(",\"generation\":%" PRIu32 ",\"netns_cookie\":%" PRIu64 "}",
	       in->generation, in->netns_cookie);
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
	.usage = PROG " instance set role lma|mag [local ADDR]\n",
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
	struct in6_addr local;
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	uint32_t role;
	int rc;

	if (argc > 1 && is_help(argv[1])) {
		printf("usage: %s"
		       "  role lma|mag   the node's role: Local Mobility Anchor or Mobile Access Gateway\n"
		       "  local ADDR     IPv6 tunnel endpoint (LMAA or Proxy-CoA); unchanged when absent\n",
		       c->usage);
		return 0;
	}
	for (int i = 1; i < argc; i += 2) {
		const char **slot;

		if (!strcmp(argv[i], "role"))
			slot = &role_arg;
		else if (!strcmp(argv[i], "local"))
			slot = &local_arg;
		else
			return usage_error(c, "unknown argument '%s' (expected role or local)",
					   argv[i]);
		if (*slot)
			return usage_error(c, "'%s' given twice", argv[i]);
		if (i + 1 >= argc)
			return usage_error(c, "'%s' needs a value", argv[i]);
		*slot = argv[i + 1];
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
	if (pmip6_instance_set(h, role, local_arg ? &local : NULL, err, sizeof(err)) < 0)
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

static int help_main(int argc, char *argv[], const struct ctl *ctl);

static const struct subcommand subcommands[] = {
	{ "show", show_main, "module version and this netns's instance (default)",
	  PROG " [-j] show\n" },
	{ "version", version_main, "pmipctl and module versions",
	  PROG " [-j] version\n" },
	{ "instance", instance_main, "show or configure this netns's instance",
	  PROG " [-j] instance [show]\n"
	  "       " PROG " instance set role lma|mag [local ADDR]\n" },
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
