// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control socket: an abstract unix stream socket (so each network
 * namespace has its own, named by the 'control' setting, default
 * "pmipd"). Only root may use it: the peer's credentials are checked on
 * every connection, before anything is read from it.
 *
 * Protocol, one exchange per connection: the client writes one line of
 * blank-separated words, optionally starting with "json"; pmipd answers
 * "ok\n" followed by the output, or "error: TEXT\n", and closes.
 *
 *	[json] show | stats		the daemon's state and counters (show:
 *					also the security mode and, per peer,
 *					whether ESP policies protect MH with it)
 *	[json] bindings | pending	LMA: binding cache; MAG: binding
 *					update list (pending: waiting for PBA)
 *	attach MN-ID dev IFNAME [ll-addr FE80::...]	MAG
 *	detach MN-ID					MAG
 *	revoke MN-ID [bid N]				LMA
 *	[json] flow show|add|move|remove|request ...	LMA (lma_flow.c)
 *	[json] ro [show]		localized routing: pairs (LMA), states (MAG)
 *	[json] heartbeat [show]		RFC 5847: our Restart Counter, and per
 *					peer with sessions its reachability and
 *					Restart Counter (heartbeat.c)
 *	ro request MN-ID dst PREFIX/64			MAG (RO Request)
 *
 * A client is never trusted to behave: the daemon's loop must go on
 * serving the Mobility Header socket whatever a client does. So every
 * connection is non-blocking and lives in a small state machine polled
 * by the main loop (reading its request, waiting for a deferred answer,
 * writing its answer), with a deadline in each state; every send is
 * MSG_NOSIGNAL (a client that hung up is EPIPE, never SIGPIPE); each poll
 * round accepts at most CTL_ACCEPT_BUDGET connections and runs at most
 * CTL_REQUEST_BUDGET requests, so that a flood of connections cannot
 * starve the other inputs (issue 16, items 3 and 4).
 *
 * A handler that answers later (pmipd_out.deferred: an FMI waiting for
 * its FMA, an RO Request for its Ack) keeps the connection's id, never
 * its file descriptor: a client that leaves meanwhile is closed at once
 * and its id is not reused, so the late answer finds no one rather than
 * another client that got the same descriptor number.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "../lib/genl.h"
#include "../lib/names.h"
#include "pmipd.h"

#define CTL_REQUEST_MAX 1024
#define CTL_ARGS_MAX 16
#define CTL_LINE_MAX 512	/* an "error: ..." answer line */
#define CTL_BACKLOG 64
#define CTL_ACCEPT_BUDGET 8	/* connections accepted per poll round */
#define CTL_REQUEST_BUDGET 4	/* requests read and run per poll round */
#define CTL_REQUEST_MS 2000	/* from accept to the request's newline */
#define CTL_WRITE_IDLE_MS 2000	/* the answer: longest with no progress */
#define CTL_DEFERRED_MS 60000	/* a deferred request's longest wait */
#define CTL_REFUSAL_LOG_MS 10000 /* one refusal (or accept error) logged per period */

enum ctl_state {
	CTL_READING,		/* its request line: POLLIN, CTL_REQUEST_MS */
	CTL_RUNNING,		/* in dispatch(): an answer is only kept */
	CTL_DEFERRED,		/* a handler answers later: POLLHUP, POLLERR
				 * (the client left), CTL_DEFERRED_MS
				 */
	CTL_WRITING,		/* its answer: POLLOUT, CTL_WRITE_IDLE_MS */
};

struct ctl_conn {
	struct pmipd_ctl *ctl;
	uint64_t id;			/* never reused */
	int fd;
	enum ctl_state state;
	bool polled;			/* in this round's pollfd array, for
					 * this state
					 */
	bool answered;			/* head (and body) hold the answer */
	size_t req_len;
	char req[CTL_REQUEST_MAX + 1];
	char head[CTL_LINE_MAX];	/* "ok\n" or "error: ...\n" */
	size_t head_len, head_off;
	char *body;			/* the output after "ok\n"; owned */
	size_t body_len, body_off;
	struct pmipd_timer deadline;
};

struct pmipd_ctl {
	struct pmipd *d;
	struct ctl_conn *conn[PMIPD_CTL_CONN_MAX];
	size_t n_conn;
	uint64_t last_id;
	uint64_t refusal_log_ms;	/* when a refusal was last logged */
	uint64_t refusals_quiet;	/* refusals not logged since */
	uint64_t accept_log_ms;		/* when accept()'s failure was logged */
};

void pmipd_out(struct pmipd_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->failed)
		return;
	for (;;) {
		size_t room = o->cap - o->len;

		va_start(ap, fmt);
		n = vsnprintf(o->buf ? o->buf + o->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			o->failed = true;
			return;
		}
		if ((size_t)n < room) {
			o->len += (size_t)n;
			return;
		}
		{
			size_t cap = (o->cap ? o->cap : 4096) * 2 + (size_t)n;
			char *b = realloc(o->buf, cap);

			if (!b) {
				o->failed = true;
				return;
			}
			o->buf = b;
			o->cap = cap;
		}
	}
}

int pmipd_ctl_open(struct pmipd *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(d->cfg.control);
	struct pmipd_ctl *c;
	socklen_t len;
	int fd;

	if (n + 1 > sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path + 1, d->cfg.control, n);	/* abstract: leading NUL */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->d = d;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		free(c);
		return -errno;
	}
	if (bind(fd, (struct sockaddr *)&sa, len) < 0 || listen(fd, CTL_BACKLOG) < 0) {
		int e = -errno;

		close(fd);
		free(c);
		return e;
	}
	d->ctl_fd = fd;
	d->ctl = c;
	return 0;
}

static void show_stats(struct pmipd *d, struct pmipd_out *o)
{
	struct pmipd_stats all = d->stats;
	const struct pmipd_stats *s = &all;
	static const struct { const char *name; size_t off; } f[] = {
#define F(x) { #x, offsetof(struct pmipd_stats, x) }
		F(mh_rx), F(mh_tx), F(mh_rx_malformed), F(mh_rx_unexpected),
		F(mh_tx_errors), F(pbu_rx), F(pbu_tx), F(pbu_retx), F(pba_rx),
		F(pba_tx), F(pbu_ignored), F(rs_rx), F(ra_tx), F(attach), F(detach), F(expired),
		F(kernel_errors), F(mh_unprotected), F(ts_resyncs),
		F(netlink_timeouts), F(ctl_refused), F(ctl_dropped),
		F(mh_rx_unknown_type), F(be_tx), F(be_rate_limited), F(be_rx),
		F(heartbeat_req_tx), F(heartbeat_req_rx), F(heartbeat_resp_tx),
		F(heartbeat_resp_rx), F(heartbeat_unsolicited_tx), F(heartbeat_unsolicited_rx),
		F(heartbeat_missed), F(heartbeat_unreachable), F(peer_restarts),
		F(peer_restart_bindings),
		F(l2_rx), F(l2_sllao_mismatch), F(l2_strangers), F(nud_probes),
		F(nud_present), F(nud_gone), F(claims_refused), F(upn_rx), F(upa_tx),
		F(upn_tx), F(upa_rx), F(handoff_held), F(handoff_refused),
		F(handoff_done), F(handoff_unverified),
#undef F
	};
	bool first = true;

	/* Generic netlink requests are the library's: it counts its own. */
	all.netlink_timeouts += pmip6_genl_timeouts(d->genl);

	pmipd_out(o, o->json ? "{" : "");
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		uint64_t v = *(const uint64_t *)((const char *)s + f[i].off);

		if (o->json)
			pmipd_out(o, "%s\"%s\":%llu", i ? "," : "", f[i].name,
				  (unsigned long long)v);
		else
			pmipd_out(o, "%s %llu\n", f[i].name, (unsigned long long)v);
	}
	/* PBA status histogram: sent by an LMA, received by a MAG. */
	pmipd_out(o, o->json ? ",\"pba_status\":{" : "");
	for (int st = 0; st < 256; st++) {
		if (!s->pba_status[st])
			continue;
		if (o->json)
			pmipd_out(o, "%s\"%d\":%llu", first ? "" : ",", st,
				  (unsigned long long)s->pba_status[st]);
		else
			pmipd_out(o, "pba_status %d %s %llu\n", st,
				  mh_pba_status_name((uint8_t)st),
				  (unsigned long long)s->pba_status[st]);
		first = false;
	}
	pmipd_out(o, o->json ? "}}\n" : "");
}

/*
 * RFC 5213 4.0 (and the localized routing draft's section 10 for MAG-MAG
 * and LMA-LMA): how the signaling is protected, as configured ('security'
 * and the 'peer' lines), and per peer whether the kernel's SPD has an ESP
 * policy for next header 135 both ways right now: the same check that
 * mhsock.c makes before sending or accepting, so what this prints is
 * what pmipd will do.
 */
static void show_security(struct pmipd *d, struct pmipd_out *o)
{
	const struct pmipd_config *cfg = &d->cfg;
	const char *mode = cfg->security == PMIPD_SECURITY_INSECURE_LAB ? "insecure-lab" : "ipsec";
	char a[INET6_ADDRSTRLEN];

	if (o->json)
		pmipd_out(o, ",\"security\":\"%s\",\"peers\":[", mode);
	else
		pmipd_out(o, "security %s, %zu peers%s\n", mode, cfg->n_peer,
			  cfg->security == PMIPD_SECURITY_INSECURE_LAB ?
			  " (signaling NOT protected: accepted from anyone)" : "");
	for (size_t i = 0; i < cfg->n_peer; i++) {
		const struct pmipd_peer *p = &cfg->peer[i];
		const char *why = "";
		bool ok = pmipd_xfrm_protected(d, &p->addr, &why);

		/* why is one of xfrm.c's constant texts: no '"' or '\\'. */
		if (o->json)
			pmipd_out(o, "%s{\"addr\":\"%s\",\"keying\":\"%s\",\"line\":%u,\"protected\":%s%s%s%s}",
				  i ? "," : "", pmipd_addr(&p->addr, a), p->ike ? "ike" : "static",
				  p->line, ok ? "true" : "false", ok ? "" : ",\"why\":\"",
				  ok ? "" : why, ok ? "" : "\"");
		else
			pmipd_out(o, "peer %s keying %s protected %s%s%s\n", pmipd_addr(&p->addr, a),
				  p->ike ? "ike" : "static", ok ? "yes" : "no", ok ? "" : ": ",
				  ok ? "" : why);
	}
	if (o->json)
		pmipd_out(o, "]");
}

static int dispatch(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		    char *err, size_t errlen)
{
	char a[INET6_ADDRSTRLEN];

	if (argc > 0 && !strcmp(argv[0], "json")) {
		o->json = true;
		argv++;
		argc--;
	}
	if (argc == 0 || !strcmp(argv[0], "show")) {
		if (o->json)
			pmipd_out(o, "{\"role\":\"%s\",\"local\":\"%s\"",
				  pmip6_role_name(d->cfg.role),
				  pmipd_addr(&d->cfg.local_addr, a));
		else
			pmipd_out(o, "role %s local %s\n", pmip6_role_name(d->cfg.role),
				  pmipd_addr(&d->cfg.local_addr, a));
		show_security(d, o);
		if (o->json)
			pmipd_out(o, ",\"bindings\":");
		if (d->lma)
			lma_show(d, o);
		else
			mag_show(d, o, false);
		if (o->json)
			pmipd_out(o, "}\n");
		return 0;
	}
	if (!strcmp(argv[0], "stats")) {
		if (argc > 1) {
			snprintf(err, errlen, "unexpected '%s' after 'stats'", argv[1]);
			return -EINVAL;
		}
		show_stats(d, o);
		return 0;
	}
	if (!strcmp(argv[0], "ro"))
		return ro_ctl(d, argv, argc, o, err, errlen);
	if (!strcmp(argv[0], "heartbeat"))
		return heartbeat_ctl(d, argv, argc, o, err, errlen);
	if (d->lma)
		return lma_ctl(d, argv, argc, o, err, errlen);
	return mag_ctl(d, argv, argc, o, err, errlen);
}

/* ---- connections ------------------------------------------------------- */

/* One last word to a client we are about to close: never waits. */
static void say(int fd, const char *text)
{
	(void)!send(fd, text, strlen(text), MSG_NOSIGNAL | MSG_DONTWAIT);
}

static struct ctl_conn *conn_by_fd(struct pmipd_ctl *c, int fd)
{
	for (size_t i = 0; i < c->n_conn; i++)
		if (c->conn[i]->fd == fd)
			return c->conn[i];
	return NULL;
}

static struct ctl_conn *conn_by_id(struct pmipd_ctl *c, uint64_t id)
{
	for (size_t i = 0; i < c->n_conn; i++)
		if (c->conn[i]->id == id)
			return c->conn[i];
	return NULL;
}

/* The one way a connection goes: unlinked, its deadline off, closed. */
static void conn_free(struct pmipd_ctl *c, struct ctl_conn *k)
{
	for (size_t i = 0; i < c->n_conn; i++) {
		if (c->conn[i] == k) {
			c->conn[i] = c->conn[--c->n_conn];
			break;
		}
	}
	pmipd_timer_cancel(&c->d->timers, &k->deadline);
	close(k->fd);
	free(k->body);
	free(k);
}

/* Closed before the client had its whole answer. */
static void conn_drop(struct pmipd_ctl *c, struct ctl_conn *k, const char *why)
{
	c->d->stats.ctl_dropped++;
	pmipd_log(c->d, LOG_DEBUG, "control request #%llu: %s", (unsigned long long)k->id, why);
	conn_free(c, k);
}

/* Set k's deadline ms from now; false (k dropped) if out of memory. */
static bool conn_deadline(struct pmipd_ctl *c, struct ctl_conn *k, unsigned int ms)
{
	if (!pmipd_timer_arm(&c->d->timers, &k->deadline, pmipd_now_ms() + ms))
		return true;
	say(k->fd, "error: out of memory\n");
	conn_drop(c, k, "out of memory for its deadline");
	return false;
}

static void conn_set_state(struct ctl_conn *k, enum ctl_state state)
{
	k->state = state;
	k->polled = false;	/* this round's pollfd entry was for another */
}

/* The answer: "error: TEXT" (rc != 0), or "ok" and body (owned). */
static void conn_answer(struct ctl_conn *k, int rc, const char *text, char *body, size_t len)
{
	if (rc) {
		snprintf(k->head, sizeof(k->head), "error: %.*s\n", CTL_LINE_MAX - 9,
			 text && *text ? text : strerror(-rc));
		free(body);
		body = NULL;
		len = 0;
	} else {
		snprintf(k->head, sizeof(k->head), "ok\n");
	}
	k->head_len = strlen(k->head);
	k->body = body;
	k->body_len = len;
	k->answered = true;
}

/*
 * Write what the socket takes now. All of it written: k is freed. The
 * rest waits for POLLOUT, each progress pushing the deadline back; a
 * client that left (EPIPE, ECONNRESET) is dropped. k may be gone after.
 */
static void conn_flush(struct pmipd_ctl *c, struct ctl_conn *k)
{
	bool progress = false;

	while (k->head_off < k->head_len || k->body_off < k->body_len) {
		struct iovec iov[2];
		struct msghdr mh = { .msg_iov = iov };
		ssize_t w;

		if (k->head_off < k->head_len)
			iov[mh.msg_iovlen++] = (struct iovec){ k->head + k->head_off,
							       k->head_len - k->head_off };
		if (k->body_off < k->body_len)
			iov[mh.msg_iovlen++] = (struct iovec){ k->body + k->body_off,
							       k->body_len - k->body_off };
		w = sendmsg(k->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (k->state != CTL_WRITING || progress) {
				conn_set_state(k, CTL_WRITING);
				conn_deadline(c, k, CTL_WRITE_IDLE_MS);
			}
			return;
		}
		if (w < 0) {
			conn_drop(c, k, "the client left before its answer");
			return;
		}
		progress = true;
		for (size_t n = (size_t)w; n;) {
			size_t *off = k->head_off < k->head_len ? &k->head_off : &k->body_off;
			size_t left = (off == &k->head_off ? k->head_len : k->body_len) - *off;
			size_t step = n < left ? n : left;

			*off += step;
			n -= step;
		}
	}
	conn_free(c, k);
}

/* The deadline of k's present state passed. */
static void conn_expired(struct pmipd_timer *t)
{
	struct ctl_conn *k = (struct ctl_conn *)((char *)t - offsetof(struct ctl_conn, deadline));
	struct pmipd_ctl *c = k->ctl;
	char line[128];

	switch (k->state) {
	case CTL_READING:
		snprintf(line, sizeof(line), "error: no complete request line within %d ms\n",
			 CTL_REQUEST_MS);
		say(k->fd, line);
		conn_drop(c, k, "no complete request line in time");
		return;
	case CTL_DEFERRED:
		snprintf(line, sizeof(line), "error: pmipd found no answer within %d s\n",
			 CTL_DEFERRED_MS / 1000);
		say(k->fd, line);
		conn_drop(c, k, "no answer from its handler in time");
		return;
	case CTL_WRITING:
	case CTL_RUNNING:
		break;
	}
	conn_drop(c, k, "the client stopped reading its answer");
}

/* A request line in k->req: run it, answer now or let a handler later. */
static void conn_run(struct pmipd_ctl *c, struct ctl_conn *k)
{
	struct pmipd *d = c->d;
	struct pmipd_out o = { .ctl_id = k->id };
	char *argv[CTL_ARGS_MAX + 1], err[256] = "", *nl;
	int argc = 0, rc;

	pmipd_timer_cancel(&d->timers, &k->deadline);
	k->req[k->req_len] = '\0';
	nl = memchr(k->req, '\n', k->req_len);
	if (!nl) {
		conn_answer(k, -EINVAL, "request must be one line shorter than 1024 bytes", NULL, 0);
		conn_flush(c, k);
		return;
	}
	*nl = '\0';	/* what follows the first line is ignored */
	if (strlen(k->req) != (size_t)(nl - k->req)) {
		conn_answer(k, -EINVAL, "request has a NUL byte", NULL, 0);
		conn_flush(c, k);
		return;
	}
	for (char *save = NULL, *w = strtok_r(k->req, " \t\r", &save); w;
	     w = strtok_r(NULL, " \t\r", &save)) {
		if (argc == CTL_ARGS_MAX) {
			conn_answer(k, -EINVAL, "too many words in the request", NULL, 0);
			conn_flush(c, k);
			return;
		}
		argv[argc++] = w;
	}
	argv[argc] = NULL;

	conn_set_state(k, CTL_RUNNING);
	rc = dispatch(d, argv, argc, &o, err, sizeof(err));
	if (!rc && o.deferred && !k->answered) {
		free(o.buf);
		conn_set_state(k, CTL_DEFERRED);
		conn_deadline(c, k, CTL_DEFERRED_MS);
		return;
	}
	if (k->answered) {
		/* A handler answered from inside dispatch(). */
		free(o.buf);
	} else if (!rc && o.failed) {
		free(o.buf);
		conn_answer(k, -ENOMEM, "out of memory", NULL, 0);
	} else if (rc) {
		free(o.buf);
		conn_answer(k, rc, err, NULL, 0);
	} else {
		conn_answer(k, 0, NULL, o.buf, o.len);
	}
	conn_flush(c, k);
}

static void conn_read(struct pmipd_ctl *c, struct ctl_conn *k)
{
	ssize_t n = recv(k->fd, k->req + k->req_len, CTL_REQUEST_MAX - k->req_len, MSG_DONTWAIT);

	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			conn_drop(c, k, "reading its request failed");
		return;
	}
	if (n == 0 && !k->req_len) {
		conn_drop(c, k, "the client left without a request");
		return;
	}
	if (n > 0 && !memchr(k->req + k->req_len, '\n', (size_t)n) &&
	    k->req_len + (size_t)n < CTL_REQUEST_MAX) {
		k->req_len += (size_t)n;
		return;		/* more to come, before the deadline */
	}
	k->req_len += (size_t)n;
	conn_run(c, k);		/* a line, or all the client will send */
}

/* Not root: say so (the client may be gone already) and close. */
static void refuse(struct pmipd_ctl *c, int fd, const struct ucred *cred, bool known)
{
	uint64_t now = pmipd_now_ms();

	say(fd, "error: permission denied: the pmipd control socket is for root only\n");
	close(fd);
	c->d->stats.ctl_refused++;
	/* A local user can connect in a loop: the log says so, once a while. */
	if (c->refusal_log_ms && now - c->refusal_log_ms < CTL_REFUSAL_LOG_MS) {
		c->refusals_quiet++;
		return;
	}
	if (known)
		pmipd_log(c->d, LOG_NOTICE, "control connection from uid %u (pid %d) refused: root only (%llu more refused since the last such line)",
			  (unsigned int)cred->uid, (int)cred->pid,
			  (unsigned long long)c->refusals_quiet);
	else
		pmipd_log(c->d, LOG_NOTICE, "control connection refused: its credentials are unknown");
	c->refusal_log_ms = now ? now : 1;
	c->refusals_quiet = 0;
}

void pmipd_ctl_accept(struct pmipd *d)
{
	struct pmipd_ctl *c = d->ctl;

	for (int i = 0; i < CTL_ACCEPT_BUDGET; i++) {
		int fd = accept4(d->ctl_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		struct ucred cred = { 0 };
		socklen_t clen = sizeof(cred);
		struct ctl_conn *k;
		bool known;

		if (fd < 0) {
			uint64_t now = pmipd_now_ms();

			/* EMFILE and the like come back every round: said once a while. */
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED &&
			    errno != EINTR &&
			    (!c->accept_log_ms || now - c->accept_log_ms >= CTL_REFUSAL_LOG_MS)) {
				pmipd_log(d, LOG_WARNING, "control socket: accept: %s", strerror(errno));
				c->accept_log_ms = now ? now : 1;
			}
			return;
		}
		known = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == 0;
		if (!known || cred.uid != 0) {
			refuse(c, fd, &cred, known);
			continue;
		}
		if (c->n_conn == PMIPD_CTL_CONN_MAX) {
			say(fd, "error: busy: too many control connections at once; try again\n");
			close(fd);
			d->stats.ctl_dropped++;
			continue;
		}
		k = calloc(1, sizeof(*k));
		if (!k) {
			say(fd, "error: out of memory\n");
			close(fd);
			d->stats.ctl_dropped++;
			continue;
		}
		k->ctl = c;
		k->id = ++c->last_id;
		k->fd = fd;
		pmipd_timer_init(&k->deadline, conn_expired);
		c->conn[c->n_conn++] = k;
		conn_set_state(k, CTL_READING);
		conn_deadline(c, k, CTL_REQUEST_MS);
	}
}

size_t pmipd_ctl_pollfds(struct pmipd *d, struct pollfd *pfd, size_t max)
{
	struct pmipd_ctl *c = d->ctl;
	size_t n = 0;

	for (size_t i = 0; c && i < c->n_conn && n < max; i++) {
		struct ctl_conn *k = c->conn[i];
		short events;

		switch (k->state) {
		case CTL_READING:
			events = POLLIN;
			break;
		case CTL_WRITING:
			events = POLLOUT;
			break;
		case CTL_DEFERRED:
			/*
			 * Nothing to read (pmipctl shuts its side down after
			 * the request); POLLHUP and POLLERR always come: the
			 * client closed.
			 */
			events = 0;
			break;
		default:
			continue;
		}
		pfd[n++] = (struct pollfd){ .fd = k->fd, .events = events };
		k->polled = true;
	}
	return n;
}

void pmipd_ctl_serve(struct pmipd *d, const struct pollfd *pfd, size_t n)
{
	struct pmipd_ctl *c = d->ctl;
	unsigned int budget = CTL_REQUEST_BUDGET;

	for (size_t i = 0; c && i < n; i++) {
		struct ctl_conn *k;

		if (!pfd[i].revents)
			continue;
		/*
		 * Looked up again: an earlier handler of this round may have
		 * closed the connection (and an accept reused its number:
		 * such a new one is not polled yet).
		 */
		k = conn_by_fd(c, pfd[i].fd);
		if (!k || !k->polled)
			continue;
		switch (k->state) {
		case CTL_READING:
			/* Over budget: poll() reports it again next round. */
			if (budget) {
				budget--;
				conn_read(c, k);
			}
			break;
		case CTL_WRITING:
			conn_flush(c, k);
			break;
		case CTL_DEFERRED:
			conn_drop(c, k, "the client left before its deferred answer");
			break;
		case CTL_RUNNING:
			break;
		}
	}
}

void pmipd_ctl_reply(struct pmipd *d, uint64_t ctl_id, int rc, const char *text)
{
	struct pmipd_ctl *c = d->ctl;
	struct ctl_conn *k = c ? conn_by_id(c, ctl_id) : NULL;
	char *body = NULL;
	size_t len = 0;

	if (!k || k->answered || (k->state != CTL_DEFERRED && k->state != CTL_RUNNING)) {
		pmipd_log(d, LOG_DEBUG, "control request #%llu: its client has gone; answer dropped",
			  (unsigned long long)ctl_id);
		return;
	}
	if (!rc && text && *text) {
		len = strlen(text);
		body = strdup(text);
		if (!body) {
			rc = -ENOMEM;
			text = "out of memory";
			len = 0;
		}
	}
	conn_answer(k, rc, text, body, len);
	if (k->state == CTL_RUNNING)
		return;		/* conn_run() sends it */
	pmipd_timer_cancel(&d->timers, &k->deadline);
	conn_flush(c, k);
}

void pmipd_ctl_close(struct pmipd *d)
{
	struct pmipd_ctl *c = d->ctl;

	while (c && c->n_conn)
		conn_free(c, c->conn[0]);
	free(c);
	d->ctl = NULL;
	if (d->ctl_fd >= 0)
		close(d->ctl_fd);
	d->ctl_fd = -1;
}
