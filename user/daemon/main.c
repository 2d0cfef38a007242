// SPDX-License-Identifier: GPL-2.0-only
/*
 * pmipd: command line, configuration, start and stop, the poll() loop and
 * logging. The roles are in lma.c and mag.c; pmipd.h has the map.
 *
 * Exit status: 0 clean stop, 1 runtime error, 2 bad command line or config.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <syslog.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include <net/if.h>
#include <time.h>

#include "../lib/config.h"
#include "../lib/genl.h"
#include "../lib/names.h"
#include "../mh/mh.h"
#include "pmipd.h"

#ifndef PMIP6_USER_VERSION
#define PMIP6_USER_VERSION "0.0.0"
#endif

#define PROG "pmipd"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

struct pmipd_args {
	const char *config_path;
	const char *role_arg;
	const char *local_arg;
	const char *pcap_path;
	bool foreground;
	bool check_only;
	bool keep_state;
};

void pmipd_log(const struct pmipd *d, int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio == LOG_DEBUG && !(d && d->foreground && getenv("PMIPD_DEBUG")))
		return;
	va_start(ap, fmt);
	if (d && d->use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fprintf(stderr, "%s: ", PROG);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

const char *pmipd_addr(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN) ? buf : "?";
}

uint64_t pmipd_timestamp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return mh_timestamp((uint64_t)ts.tv_sec, (uint32_t)ts.tv_nsec);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--config FILE] [--role lma|mag] [--local ADDR] [--pcap FILE]\n"
		"             [--foreground] [--keep-state] [--check-config]\n"
		"       %s --version | --help\n"
		"\n"
		"Proxy Mobile IPv6 (RFC 5213) signaling daemon for one node.\n"
		"\n"
		"  -c, --config FILE    settings file (see pmipd.conf(5) in Documentation/);\n"
		"                       the command line overrides role and local\n"
		"  -r, --role lma|mag   Local Mobility Anchor or Mobile Access Gateway\n"
		"  -l, --local ADDR     IPv6 tunnel endpoint (LMAA or Proxy-CoA)\n"
		"  -p, --pcap FILE      write every Mobility Header sent or received to FILE\n"
		"  -f, --foreground     stay in the foreground and log to stderr\n"
		"  -k, --keep-state     on SIGTERM/SIGINT, leave the bindings in the kernel\n"
		"                       (no de-registration) for the next pmipd to adopt\n"
		"  -n, --check-config   check the configuration and exit\n"
		"  -V, --version        print the version and exit\n"
		"  -h, --help           this text\n"
		"\n"
		"Exit status: 0 stopped by SIGTERM/SIGINT, 1 runtime error,\n"
		"2 bad command line or configuration.\n", PROG, PROG);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry '%s --help'\n", PROG);
	return EXIT_USAGE;
}

/* Returns -1 to continue, or an exit status (0 after --help/--version). */
static int parse_args(int argc, char *argv[], struct pmipd_args *a)
{
	static const struct option longopts[] = {
		{ "role",	  required_argument, NULL, 'r' },
		{ "local",	  required_argument, NULL, 'l' },
		{ "config",	  required_argument, NULL, 'c' },
		{ "pcap",	  required_argument, NULL, 'p' },
		{ "foreground",	  no_argument,	     NULL, 'f' },
		{ "keep-state",	  no_argument,	     NULL, 'k' },
		{ "check-config", no_argument,	     NULL, 'n' },
		{ "version",	  no_argument,	     NULL, 'V' },
		{ "help",	  no_argument,	     NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char shortopts[] = "+:r:l:c:p:fknVh";
	int opt;

	memset(a, 0, sizeof(*a));
	opterr = 0;	/* we name the bad token ourselves */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const char **slot = NULL;
		const char *name = NULL;

		switch (opt) {
		case 'r':
			slot = &a->role_arg;
			name = "role";
			break;
		case 'l':
			slot = &a->local_arg;
			name = "local";
			break;
		case 'c':
			slot = &a->config_path;
			name = "config";
			break;
		case 'p':
			slot = &a->pcap_path;
			name = "pcap";
			break;
		case 'f':
			a->foreground = true;
			break;
		case 'k':
			a->keep_state = true;
			break;
		case 'n':
			a->check_only = true;
			break;
		case 'V':
			printf("%s %s\n", PROG, PMIP6_USER_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			if (!optopt)
				return usage_error("unknown option '%s'", argv[optind - 1]);
			if (strchr("fknVh", optopt))
				return usage_error("option '%s' takes no value", argv[optind - 1]);
			return usage_error("unknown option '-%c'", optopt);
		}
		if (slot) {
			if (*slot)
				return usage_error("option --%s given twice", name);
			*slot = optarg;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return -1;
}

/* Parse the file at path with parse; an exit status (0 when good). */
static int parse_file(const char *what, const char *path,
		      int (*parse)(FILE *f, const char *name, struct pmipd_config *cfg,
				   char *err, size_t errlen),
		      struct pmipd_config *cfg)
{
	char err[PMIP6_ERRLEN];
	FILE *f = fopen(path, "re");
	int rc;

	if (!f) {
		fprintf(stderr, "%s: cannot open %s '%s': %s\n", PROG, what, path,
			strerror(errno));
		return EXIT_USAGE;
	}
	rc = parse(f, path, cfg, err, sizeof(err));
	fclose(f);
	if (!rc)
		return 0;
	fprintf(stderr, "%s: %s\n", PROG, err);
	return rc == -EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

/* Config file first, then the command line on top, then the checks. */
static int build_config(const struct pmipd_args *a, struct pmipd_config *cfg)
{
	char err[PMIP6_ERRLEN];
	int rc;

	pmipd_config_init(cfg);
	if (a->config_path) {
		rc = parse_file("config file", a->config_path, pmipd_config_parse, cfg);
		if (rc)
			return rc;
	}
	if (a->role_arg) {
		if (pmip6_role_parse(a->role_arg, &cfg->role))
			return usage_error("invalid role '%s' (expected lma or mag)", a->role_arg);
		cfg->has_role = true;
	}
	if (a->local_arg) {
		if (inet_pton(AF_INET6, a->local_arg, &cfg->local_addr) != 1)
			return usage_error("invalid local address '%s' (expected an IPv6 address)",
					   a->local_arg);
		cfg->has_local_addr = true;
	}
	if (pmipd_config_check(cfg, a->config_path ? a->config_path : "command line",
			       err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", PROG, err);
		return EXIT_USAGE;
	}
	if (cfg->flow_policy[0])
		return parse_file("flow policy", cfg->flow_policy, pmipd_policy_parse, cfg);
	return 0;
}

static int open_signalfd(void)
{
	sigset_t set;
	int fd;

	/*
	 * Blocked before anything else so that a SIGTERM sent while we start
	 * waits in the signalfd instead of killing us half-configured.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

static void pmipd_stop(struct pmipd *d)
{
	int fds[] = { d->sig_fd, d->mh_fd, d->icmp_fd, d->rt_fd };

	/* The roles first: they still talk to the kernel and the MAGs. */
	heartbeat_stop(d);
	ro_stop(d);
	lma_stop(d);
	mag_stop(d);
	pmipd_access_close(d);
	/* After the roles: their last answers to waiting pmipctls are sent. */
	pmipd_ctl_close(d);
	/* Then the SAs: the roles' last messages (de-registrations) use them. */
	pmipd_xfrm_close(d);
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	pmip6_genl_close(d->genl);
	d->genl = NULL;
	pmipd_timers_free(&d->timers);
	if (d->pcap)
		fclose(d->pcap);
	pmipd_config_free(&d->cfg);
	if (d->use_syslog)
		closelog();
}

static int fail(struct pmipd *d, const char *what, int rc)
{
	pmipd_log(d, LOG_ERR, "%s: %s", what, strerror(-rc));
	return EXIT_RUNTIME;
}

/* Say at start how the signaling is protected, and what is not. */
static void security_report(struct pmipd *d)
{
	const struct pmipd_config *cfg = &d->cfg;
	char a[INET6_ADDRSTRLEN];
	size_t n_static = 0;

	if (cfg->security == PMIPD_SECURITY_INSECURE_LAB) {
		pmipd_log(d, LOG_WARNING, "*** security insecure-lab: Mobility Header signaling is NOT protected by IPsec and is accepted from anyone (RFC 5213 4.0 requires ESP): never outside a lab ***");
		return;
	}
	for (size_t i = 0; i < cfg->n_peer; i++)
		n_static += !cfg->peer[i].ike;
	pmipd_log(d, LOG_INFO, "security ipsec: %zu peers, %zu with static SAs installed, %zu keyed by IKE; signaling with any other address is refused",
		  cfg->n_peer, n_static, cfg->n_peer - n_static);
	/* A MAG knows its LMAs: name the ones it could not register with. */
	if (cfg->role != PMIP6_ROLE_MAG)
		return;
	if (cfg->has_lma && !pmipd_config_peer(cfg, &cfg->lma))
		pmipd_log(d, LOG_WARNING, "LMA %s has no 'peer' line: registrations with it will be refused",
			  pmipd_addr(&cfg->lma, a));
	for (size_t i = 0; i < cfg->n_mn; i++)
		if (cfg->mn[i].has_lma && !pmipd_config_peer(cfg, &cfg->mn[i].lma))
			pmipd_log(d, LOG_WARNING, "LMA %s of mobile node '%s' has no 'peer' line: its registrations will be refused",
				  pmipd_addr(&cfg->mn[i].lma, a), cfg->mn[i].nai);
}

/*
 * The kernel instance: role, tunnel endpoint and, on an LMA doing
 * localized routing, the ro-peer-lma prefixes as remote prefixes, so that
 * traffic toward another LMA's MNs is reported too (draft-loureiro 3,
 * 4.2). Otherwise the list is cleared: a previous run's must not linger.
 */
static int pmipd_instance_set(struct pmipd *d, char *err, size_t errlen)
{
	const struct pmipd_config *cfg = &d->cfg;
	struct pmip6_hnp remote[PMIP6_REMOTE_PREFIX_MAX];
	unsigned int n = 0;

	_Static_assert(PMIPD_CFG_RO_PEER_MAX <= PMIP6_REMOTE_PREFIX_MAX,
		       "every ro-peer-lma line fits the kernel's list");
	if (cfg->role == PMIP6_ROLE_LMA && cfg->localized_routing) {
		for (; n < cfg->n_ro_peer; n++) {
			remote[n].prefix = cfg->ro_peer[n].prefix;
			remote[n].len = cfg->ro_peer[n].len;
		}
	}
	return pmip6_instance_set(d->genl, cfg->role, &cfg->local_addr, remote, n, err, errlen);
}

/*
 * The kernel holds the forwarding truth (Documentation/design.md): a pmipd
 * that starts after another (a crash, a SIGKILL, --keep-state) adopts the
 * instance's bindings its configuration allows and removes the rest. The
 * node's Restart Counter (RFC 5847 3.2) lives in the instance too: it
 * stays when state was adopted, and changes when this start lost the
 * bindings of the one before (a clean stop removes them, a new instance
 * never had them), so that peers know to register again.
 */
static int adopt(struct pmipd *d)
{
	struct pmip6_instance inst;
	char err[PMIP6_ERRLEN];
	unsigned int adopted = 0;
	uint32_t counter;
	int rc;

	rc = d->lma ? lma_adopt(d, &adopted) : mag_adopt(d, &adopted);
	if (rc)
		return rc;
	rc = pmip6_instance_get(d->genl, &inst, err, sizeof(err));
	if (rc) {
		pmipd_log(d, LOG_ERR, "reading the kernel instance: %s", err);
		return rc;
	}
	d->restart_counter = inst.restart_counter;
	d->sessions_lost = !adopted;
	if (adopted)
		return 0;
	counter = inst.restart_counter + 1;
	rc = pmip6_instance_set_restart(d->genl, d->cfg.role, NULL, NULL, 0, &counter, err,
					sizeof(err));
	if (rc) {
		pmipd_log(d, LOG_ERR, "setting the restart counter: %s", err);
		return rc;
	}
	d->restart_counter = counter;
	return 0;
}

static int pmipd_start(struct pmipd *d, const char *pcap_path)
{
	const struct pmipd_config *cfg = &d->cfg;
	char err[PMIP6_ERRLEN], addr[INET6_ADDRSTRLEN];
	int rc;

	/*
	 * No SIGPIPE, ever: a reader that went away (a pmipctl that hung up,
	 * a --pcap FIFO's reader) makes that one write fail with EPIPE; it
	 * must not kill the daemon and every binding with it. The control
	 * socket also sends with MSG_NOSIGNAL, so that it does not rely on
	 * this; pmipd runs no other program, so nothing inherits SIG_IGN.
	 */
	signal(SIGPIPE, SIG_IGN);
	rc = open_signalfd();
	if (rc < 0)
		return fail(d, "signalfd", rc);
	d->sig_fd = rc;

	if (pcap_path) {
		uint8_t hdr[MH_PCAP_FILE_HEADER_LEN];

		d->pcap = fopen(pcap_path, "we");
		if (!d->pcap)
			return fail(d, pcap_path, -errno);
		fwrite(hdr, 1, mh_pcap_file_header(hdr, sizeof(hdr)), d->pcap);
		fflush(d->pcap);
	}
	if (pmip6_genl_open(&d->genl, err, sizeof(err)) < 0) {
		pmipd_log(d, LOG_ERR, "%s", err);
		return EXIT_RUNTIME;
	}
	/* Each request to the kernel waits at most this long for its answer. */
	pmip6_genl_set_timeout(d->genl, PMIPD_NL_TIMEOUT_MS);
	if (pmipd_instance_set(d, err, sizeof(err)) < 0) {
		pmipd_log(d, LOG_ERR, "programming the kernel instance: %s", err);
		return EXIT_RUNTIME;
	}
	d->pmip6_ifindex = (int)if_nametoindex("pmip6");
	if (!d->pmip6_ifindex)
		return fail(d, "the pmip6 device", -ENODEV);
	rc = pmipd_rt_open(d);
	if (rc)
		return fail(d, "rtnetlink", rc);
	rc = pmipd_rt_link_up(d, d->pmip6_ifindex);
	if (rc)
		return fail(d, "bringing the pmip6 device up", rc);
	/*
	 * RFC 5213 4.0: the SAs and policies before the MH socket, so that
	 * no message goes out or comes in unprotected meanwhile.
	 */
	rc = pmipd_xfrm_open(d);
	if (rc)
		return fail(d, "NETLINK_XFRM socket", rc);
	if (pmipd_xfrm_install(d, err, sizeof(err)) < 0) {
		pmipd_log(d, LOG_ERR, "IPsec: %s", err);
		return EXIT_RUNTIME;
	}
	security_report(d);
	rc = pmipd_mh_open(d);
	if (rc)
		return fail(d, "Mobility Header socket", rc);
	rc = pmipd_ctl_open(d);
	if (rc == -EADDRINUSE) {
		pmipd_log(d, LOG_ERR, "control socket '%s' is in use: is another pmipd running in this network namespace?",
			  cfg->control);
		return EXIT_RUNTIME;
	}
	if (rc)
		return fail(d, "control socket", rc);
	if (cfg->role == PMIP6_ROLE_LMA) {
		rc = lma_start(d);
	} else {
		rc = pmipd_ndisc_open(d);
		if (!rc)
			rc = mag_start(d);
		if (!rc)
			rc = pmipd_access_open(d);
	}
	if (!rc)
		rc = adopt(d);
	if (!rc)
		rc = ro_start(d);
	if (!rc)
		rc = heartbeat_start(d);
	if (rc)
		return fail(d, "starting the role", rc);

	/*
	 * Detach only now, so that every startup error above reaches the
	 * caller's terminal and exit status.
	 */
	if (!d->foreground) {
		if (daemon(0, 0) < 0)
			return fail(d, "daemon", -errno);
		openlog(PROG, LOG_PID, LOG_DAEMON);
		d->use_syslog = true;
	}
	pmipd_log(d, LOG_INFO, "started: role %s, local address %s, %zu mobile node profiles, Restart Counter %u",
		  pmip6_role_name(cfg->role), pmipd_addr(&cfg->local_addr, addr), cfg->n_mn,
		  d->restart_counter);
	return 0;
}

/* Returns true when the daemon should stop. */
static bool handle_signal(struct pmipd *d)
{
	struct signalfd_siginfo si;

	while (read(d->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			pmipd_log(d, LOG_INFO, "stopping on %s", strsignal((int)si.ssi_signo));
			return true;
		case SIGHUP:
			pmipd_log(d, LOG_NOTICE, "SIGHUP: configuration reload is not implemented yet");
			break;
		}
	}
	return false;
}

/*
 * Per-round budgets of the poll loop. Each round serves every input that
 * is ready, each up to its budget, so that none starves the others: a
 * flood on one socket delays the others, and due timers, by one round at
 * most, and a round is bounded by the sum of the budgets: some hundred
 * messages' worth of work, a few milliseconds natively (a PBU costs tens
 * of microseconds; about 1.5 ms in the tests' emulated VM under ASan).
 * poll() is level-triggered, so what an input leaves queued makes the
 * next poll() return at once (and timers left due make its timeout 0),
 * and the extra poll() per round costs little beside the messages. The
 * control connections have their budgets in ctl.c.
 */
enum {
	ROUND_TIMERS = 64,	/* due timers */
	ROUND_EVENTS = 16,	/* kernel notification datagrams */
	ROUND_MH = 32,		/* Mobility Header messages */
};

/*
 * Signals first (a stop does not wait behind work; standard signals queue
 * at most one of each, so the signal fd needs no budget), then the
 * control socket (the operator's view of a daemon under load), the
 * timers (retransmissions, lifetimes), the kernel's notifications, the
 * access links, and the Mobility Header socket last: the input any
 * outsider can flood.
 */
static int pmipd_loop(struct pmipd *d)
{
	enum { FD_SIG, FD_MH, FD_CTL, FD_ACCESS, FD_RO, FD_MAX };
	/* Then the control connections (ctl.c), as many as are open. */
	struct pollfd pfd[FD_MAX + PMIPD_CTL_CONN_MAX] = {
		[FD_SIG] = { .fd = d->sig_fd, .events = POLLIN },
		[FD_MH] = { .fd = d->mh_fd, .events = POLLIN },
		[FD_CTL] = { .fd = d->ctl_fd, .events = POLLIN },
		[FD_ACCESS] = { .fd = d->access_fd, .events = POLLIN },
		[FD_RO] = { .fd = d->ro_fd, .events = POLLIN },
	};

	for (;;) {
		int timeout = pmipd_timers_timeout(&d->timers, pmipd_now_ms());
		size_t n_ctl = pmipd_ctl_pollfds(d, pfd + FD_MAX, PMIPD_CTL_CONN_MAX);

		if (poll(pfd, (nfds_t)(FD_MAX + n_ctl), timeout) < 0) {
			if (errno == EINTR)
				continue;
			pmipd_log(d, LOG_ERR, "poll: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
		if ((pfd[FD_SIG].revents & POLLIN) && handle_signal(d))
			return 0;
		if (pfd[FD_CTL].revents & POLLIN)
			pmipd_ctl_accept(d);
		pmipd_ctl_serve(d, pfd + FD_MAX, n_ctl);
		pmipd_timers_run(&d->timers, pmipd_now_ms(), ROUND_TIMERS);
		if (pfd[FD_RO].revents & POLLIN)
			ro_events(d, ROUND_EVENTS);
		/* Each access link up to its own budget (access.c). */
		if (pfd[FD_ACCESS].revents & POLLIN)
			pmipd_access_receive(d);
		if (pfd[FD_MH].revents & POLLIN)
			pmipd_mh_receive(d, ROUND_MH);
	}
}

int main(int argc, char *argv[])
{
	struct pmipd d = { .sig_fd = -1, .mh_fd = -1, .ctl_fd = -1, .icmp_fd = -1, .rt_fd = -1,
			.ro_fd = -1, .access_fd = -1 };
	struct pmipd_args a;
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = build_config(&a, &d.cfg);
	if (rc) {
		pmipd_config_free(&d.cfg);
		return rc;
	}
	if (a.check_only) {
		printf("%s: configuration OK: role %s, %zu mobile node profiles\n", PROG,
		       pmip6_role_name(d.cfg.role), d.cfg.n_mn);
		pmipd_config_free(&d.cfg);
		return 0;
	}
	d.foreground = a.foreground;
	d.keep_state = a.keep_state;
	srandom((unsigned int)pmipd_timestamp_now() ^ (unsigned int)getpid());

	rc = pmipd_start(&d, a.pcap_path);
	if (!rc)
		rc = pmipd_loop(&d);
	pmipd_stop(&d);
	return rc;
}
