// SPDX-License-Identifier: GPL-2.0-only
/*
 * pmipd: the Proxy Mobile IPv6 signaling daemon, one per node (LMA or MAG).
 *
 * This is the skeleton the Mobility Header work builds on:
 *
 *   main()            command line + config file -> struct pmipd_config
 *   pmipd_start()     program the kernel (INSTANCE_SET), open event sources
 *   pmipd_loop()      poll() over the event sources until SIGTERM/SIGINT
 *   pmipd_stop()      release everything
 *
 * Event sources today: a signalfd. Later: the MH raw socket (IPv6 next
 * header 135), the control socket for pmipctl, the pmip6 "events" multicast
 * group, and timers; each gets one slot in enum pmipd_fd and one handler.
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

#include "lib/config.h"
#include "lib/genl.h"
#include "lib/names.h"

#ifndef PMIP6_USER_VERSION
#define PMIP6_USER_VERSION "0.0.0"
#endif

#define PROG "pmipd"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

struct pmipd_args {
	const char *config_path;
	const char *role_arg;
	const char *local_arg;
	bool foreground;
};

enum pmipd_fd {
	PMIPD_FD_SIGNAL,
	PMIPD_FD_MAX
};

struct pmipd {
	struct pmipd_config cfg;
	bool foreground;
	bool use_syslog;
	struct pmip6_genl *genl;
	struct pollfd pfd[PMIPD_FD_MAX];
};

static void logmsg(const struct pmipd *d, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void logmsg(const struct pmipd *d, int prio, const char *fmt, ...)
{
	va_list ap;

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

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s --role lma|mag [--local ADDR] [--config FILE] [--foreground]\n"
		"       %s --version | --help\n"
		"\n"
		"Proxy Mobile IPv6 (RFC 5213) signaling daemon for one node.\n"
		"\n"
		"  -r, --role lma|mag   Local Mobility Anchor or Mobile Access Gateway\n"
		"  -l, --local ADDR     IPv6 tunnel endpoint (LMAA or Proxy-CoA)\n"
		"  -c, --config FILE    settings file ('role ...', 'local ...' lines);\n"
		"                       the command line overrides it\n"
		"  -f, --foreground     stay in the foreground and log to stderr\n"
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
		{ "role",	required_argument, NULL, 'r' },
		{ "local",	required_argument, NULL, 'l' },
		{ "config",	required_argument, NULL, 'c' },
		{ "foreground",	no_argument,	   NULL, 'f' },
		{ "version",	no_argument,	   NULL, 'V' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char shortopts[] = "+:r:l:c:fVh";
	int opt;

	memset(a, 0, sizeof(*a));
	opterr = 0;	/* we name the bad token ourselves */
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
		case 'l':
		case 'c': {
			const char **slot = opt == 'r' ? &a->role_arg :
					    opt == 'l' ? &a->local_arg : &a->config_path;

			if (*slot)
				return usage_error("option --%s given twice",
						   opt == 'r' ? "role" : opt == 'l' ? "local" : "config");
			*slot = optarg;
			break;
		}
		case 'f':
			a->foreground = true;
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
			if (strchr("fVh", optopt))
				return usage_error("option '%s' takes no value", argv[optind - 1]);
			return usage_error("unknown option '-%c'", optopt);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return -1;
}

/* Config file first, then the command line on top. */
static int build_config(const struct pmipd_args *a, struct pmipd_config *cfg)
{
	char err[PMIP6_ERRLEN];

	memset(cfg, 0, sizeof(*cfg));
	if (a->config_path) {
		FILE *f = fopen(a->config_path, "re");
		int rc;

		if (!f) {
			fprintf(stderr, "%s: cannot open config file '%s': %s\n", PROG,
				a->config_path, strerror(errno));
			return EXIT_USAGE;
		}
		rc = pmipd_config_parse(f, a->config_path, cfg, err, sizeof(err));
		fclose(f);
		if (rc) {
			fprintf(stderr, "%s: %s\n", PROG, err);
			return rc == -EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
		}
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
	if (!cfg->has_role)
		return usage_error("a role is required: --role lma|mag (or 'role' in the config file)");
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
	for (int i = 0; i < PMIPD_FD_MAX; i++)
		if (d->pfd[i].fd >= 0)
			close(d->pfd[i].fd);
	pmip6_genl_close(d->genl);
	d->genl = NULL;
	if (d->use_syslog)
		closelog();
}

static int pmipd_start(struct pmipd *d)
{
	const struct pmipd_config *cfg = &d->cfg;
	char err[PMIP6_ERRLEN], addr[INET6_ADDRSTRLEN] = "unchanged";
	int fd;

	fd = open_signalfd();
	if (fd < 0) {
		logmsg(d, LOG_ERR, "signalfd: %s", strerror(-fd));
		return EXIT_RUNTIME;
	}
	d->pfd[PMIPD_FD_SIGNAL] = (struct pollfd){ .fd = fd, .events = POLLIN };

	if (pmip6_genl_open(&d->genl, err, sizeof(err)) < 0) {
		logmsg(d, LOG_ERR, "%s", err);
		return EXIT_RUNTIME;
	}
	if (pmip6_instance_set(d->genl, cfg->role,
			       cfg->has_local_addr ? &cfg->local_addr : NULL,
			       err, sizeof(err)) < 0) {
		logmsg(d, LOG_ERR, "programming the kernel instance: %s", err);
		return EXIT_RUNTIME;
	}
	if (cfg->has_local_addr)
		inet_ntop(AF_INET6, &cfg->local_addr, addr, sizeof(addr));

	/*
	 * Detach only now, so that every startup error above reaches the
	 * caller's terminal and exit status.
	 */
	if (!d->foreground) {
		if (daemon(0, 0) < 0) {
			logmsg(d, LOG_ERR, "daemon: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
		openlog(PROG, LOG_PID, LOG_DAEMON);
		d->use_syslog = true;
	}
	logmsg(d, LOG_INFO, "started: role %s, local address %s",
	       pmip6_role_name(cfg->role), addr);
	return 0;
}

/* Returns true when the daemon should stop. */
static bool handle_signal(struct pmipd *d)
{
	struct signalfd_siginfo si;
	ssize_t n;

	while ((n = read(d->pfd[PMIPD_FD_SIGNAL].fd, &si, sizeof(si))) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			logmsg(d, LOG_INFO, "stopping on %s", strsignal((int)si.ssi_signo));
			return true;
		case SIGHUP:
			logmsg(d, LOG_NOTICE, "SIGHUP: configuration reload is not implemented yet");
			break;
		}
	}
	return false;
}

static int pmipd_loop(struct pmipd *d)
{
	for (;;) {
		if (poll(d->pfd, PMIPD_FD_MAX, -1) < 0) {
			if (errno == EINTR)
				continue;
			logmsg(d, LOG_ERR, "poll: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
		if ((d->pfd[PMIPD_FD_SIGNAL].revents & POLLIN) && handle_signal(d))
			return 0;
	}
}

int main(int argc, char *argv[])
{
	struct pmipd d = { 0 };
	struct pmipd_args a;
	int rc;

	for (int i = 0; i < PMIPD_FD_MAX; i++)
		d.pfd[i].fd = -1;

	rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = build_config(&a, &d.cfg);
	if (rc)
		return rc;
	d.foreground = a.foreground;

	rc = pmipd_start(&d);
	if (!rc)
		rc = pmipd_loop(&d);
	pmipd_stop(&d);
	return rc;
}
