// SPDX-License-Identifier: GPL-2.0-only
/*
 * fmcmon: the time at which this namespace's pmip6 instance changed a flow
 * mobility cache entry, as seen by a listener on the family's "events"
 * multicast group (bench/flowmove.sh's kernel reference point).
 *
 *   fmcmon READYFILE
 *
 * Creates READYFILE once it has joined the group, then prints one line per
 * flow notification until SIGTERM or SIGINT:
 *
 *   T change MNID fid FID bids B1[,B2...] K
 *
 * K is the notification's PMIP6_A_TIMESTAMP: when the kernel committed the
 * change (CLOCK_REALTIME, s with ns resolution; "-" from a module without
 * it). T is this process's CLOCK_REALTIME, read as soon as poll() returns,
 * before the messages are parsed: T - K is the listener's wake-up delay.
 * Several notifications read in one wake-up share its T. Both are the
 * clock of the probe's SO_TIMESTAMPNS receive times (bench/probe.c).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>

#include <linux/pmip6.h>

#include "lib/genl.h"

static const char *change_name(uint8_t change)
{
	switch (change) {
	case PMIP6_CHANGE_NEW:
		return "new";
	case PMIP6_CHANGE_SET:
		return "set";
	case PMIP6_CHANGE_DEL:
		return "del";
	case PMIP6_CHANGE_EXPIRED:
		return "expired";
	case PMIP6_CHANGE_ACTIVITY:
		return "activity";
	}
	return "other";
}

/* The wake-up time shared by the notifications of one read. */
struct wakeup {
	struct timespec ts;
};

static void print_fmc(const struct pmip6_event *ev, void *arg)
{
	const struct wakeup *w = arg;
	const struct pmip6_fmc *f = &ev->u.fmc;

	if (ev->cmd != PMIP6_CMD_FMC_NTF)
		return;
	printf("%lld.%09ld %s %.*s fid %u bids ", (long long)w->ts.tv_sec, w->ts.tv_nsec,
	       change_name(ev->change), (int)f->mn.len, (const char *)f->mn.id, f->fid);
	for (unsigned int i = 0; i < f->n_bid; i++)
		printf("%s%u", i ? "," : "", f->bid[i]);
	if (!f->n_bid)
		printf("-");
	if (ev->timestamp_ns)
		printf(" %llu.%09llu\n", (unsigned long long)(ev->timestamp_ns / 1000000000u),
		       (unsigned long long)(ev->timestamp_ns % 1000000000u));
	else
		printf(" -\n");
}

int main(int argc, char *argv[])
{
	char err[PMIP6_ERRLEN];
	struct pmip6_genl *h;
	struct pollfd pfd[2];
	struct wakeup w;
	sigset_t mask;
	FILE *ready;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: fmcmon READYFILE\n");
		return 2;
	}
	if (pmip6_genl_open(&h, err, sizeof(err)) || pmip6_events_join(h, err, sizeof(err)) < 0) {
		fprintf(stderr, "fmcmon: %s\n", err);
		return 1;
	}
	/* The signals end the loop through a descriptor: no handler races poll(). */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	pfd[0] = (struct pollfd){ .fd = pmip6_genl_fd(h), .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = signalfd(-1, &mask, 0), .events = POLLIN };
	if (pfd[1].fd < 0 || !(ready = fopen(argv[1], "w"))) {
		fprintf(stderr, "fmcmon: %s\n", strerror(errno));
		return 1;
	}
	fclose(ready);
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "fmcmon: poll: %s\n", strerror(errno));
			return 1;
		}
		clock_gettime(CLOCK_REALTIME, &w.ts);
		if (pfd[1].revents)
			break;
		if (!pfd[0].revents)
			continue;
		rc = pmip6_events_read(h, print_fmc, &w, err, sizeof(err));
		if (rc == -ENOBUFS)
			printf("%lld.%09ld lost\n", (long long)w.ts.tv_sec, w.ts.tv_nsec);
		else if (rc < 0 && rc != -EPROTO) {
			fprintf(stderr, "fmcmon: %s\n", err);
			return 1;
		}
		fflush(stdout);
	}
	pmip6_genl_close(h);
	return 0;
}
