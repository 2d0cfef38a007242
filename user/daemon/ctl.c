// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control socket: an abstract unix stream socket (so each network
 * namespace has its own, named by the 'control' setting, default
 * "pmipd"). Only root may use it: the peer's credentials are checked on
 * every connection.
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
 *	ro request MN-ID dst PREFIX/64			MAG (RO Request)
 */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/pmip6.h>

#include "../lib/names.h"
#include "pmipd.h"

#define CTL_REQUEST_MAX 1024
#define CTL_ARGS_MAX 16

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
	socklen_t len;
	int fd;

	if (n + 1 > sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path + 1, d->cfg.control, n);	/* abstract: leading NUL */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, len) < 0 || listen(fd, 16) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	d->ctl_fd = fd;
	return 0;
}

static void show_stats(struct pmipd *d, struct pmipd_out *o)
{
	const struct pmipd_stats *s = &d->stats;
	static const struct { const char *name; size_t off; } f[] = {
#define F(x) { #x, offsetof(struct pmipd_stats, x) }
		F(mh_rx), F(mh_tx), F(mh_rx_malformed), F(mh_rx_unexpected),
		F(mh_tx_errors), F(pbu_rx), F(pbu_tx), F(pbu_retx), F(pba_rx),
		F(pba_tx), F(rs_rx), F(ra_tx), F(attach), F(detach), F(expired),
		F(kernel_errors), F(mh_unprotected), F(ts_resyncs),
		F(l2_rx), F(l2_sllao_mismatch), F(l2_strangers), F(nud_probes),
		F(nud_present), F(nud_gone), F(claims_refused), F(upn_rx), F(upa_tx),
		F(upn_tx), F(upa_rx), F(handoff_held), F(handoff_refused),
		F(handoff_done), F(handoff_unverified),
#undef F
	};
	bool first = true;

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
	if (d->lma)
		return lma_ctl(d, argv, argc, o, err, errlen);
	return mag_ctl(d, argv, argc, o, err, errlen);
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

void pmipd_ctl_reply(int fd, int rc, const char *text)
{
	char line[512];

	if (rc) {
		snprintf(line, sizeof(line), "error: %s\n", text && *text ? text : strerror(-rc));
		write_all(fd, line, strlen(line));
	} else {
		write_all(fd, "ok\n", 3);
		if (text)
			write_all(fd, text, strlen(text));
	}
	close(fd);
}

/* Returns false when a handler kept the connection to answer later. */
static bool serve(struct pmipd *d, int fd)
{
	char req[CTL_REQUEST_MAX + 1], err[256] = "";
	struct pmipd_out o = { .fd = fd };
	char *argv[CTL_ARGS_MAX + 1];
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	size_t len = 0;
	int argc = 0, rc;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 || cred.uid != 0) {
		static const char msg[] = "error: permission denied: the pmipd control socket is for root only\n";

		write_all(fd, msg, sizeof(msg) - 1);
		return true;
	}
	while (len < CTL_REQUEST_MAX) {
		ssize_t n = read(fd, req + len, CTL_REQUEST_MAX - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(req, '\n', len))
			break;
	}
	req[len] = '\0';
	if (!memchr(req, '\n', len)) {
		static const char msg[] = "error: request must be one line shorter than 1024 bytes\n";

		write_all(fd, msg, sizeof(msg) - 1);
		return true;
	}
	for (char *save = NULL, *w = strtok_r(req, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == CTL_ARGS_MAX) {
			static const char msg[] = "error: too many words in the request\n";

			write_all(fd, msg, sizeof(msg) - 1);
			return true;
		}
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	rc = dispatch(d, argv, argc, &o, err, sizeof(err));
	if (!rc && o.deferred) {
		free(o.buf);
		return false;
	}
	if (!rc && o.failed) {
		rc = -ENOMEM;
		snprintf(err, sizeof(err), "out of memory");
	}
	if (rc) {
		char line[300];

		snprintf(line, sizeof(line), "error: %s\n", err[0] ? err : strerror(-rc));
		write_all(fd, line, strlen(line));
	} else {
		write_all(fd, "ok\n", 3);
		if (o.len)
			write_all(fd, o.buf, o.len);
	}
	free(o.buf);
	return true;
}

void pmipd_ctl_accept(struct pmipd *d)
{
	for (;;) {
		struct timeval tv = { .tv_sec = 1 };
		int fd = accept4(d->ctl_fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0)
			return;
		/* A client that stalls costs at most a second of the loop. */
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (serve(d, fd))
			close(fd);
	}
}
