// SPDX-License-Identifier: GPL-2.0-only
/*
 * Localized routing (draft-loureiro-netext-pmipv6-ro-02): what both roles
 * share. The messages are the RO kinds of our Experimental Mobility
 * Header (MH type 11, RFC 5096; layout in user/mh/mh_msg.c and
 * Documentation/localized-routing.md). The LMA side is ro_lma.c, the MAG
 * side ro_mag.c; ro.h has the internal interface.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pmip6.h>

#include "../lib/genl.h"
#include "ro.h"

bool ro_same64(const struct in6_addr *a, const struct in6_addr *b)
{
	return !memcmp(a->s6_addr, b->s6_addr, 8);
}

const char *ro_hnp(const struct in6_addr *a, char *buf)
{
	size_t n;

	pmipd_addr(a, buf);
	n = strlen(buf);
	if (n + 4 < INET6_ADDRSTRLEN)
		strcpy(buf + n, "/64");
	return buf;
}

void ro_msg(struct mh_msg *m, uint8_t kind, uint16_t seq, uint8_t status,
	    uint16_t lifetime, const struct in6_addr *src_hnp,
	    const struct in6_addr *dst_hnp, const struct in6_addr *mag)
{
	mh_msg_init(m, MH_MSG_RO);
	m->ro.kind = kind;
	m->ro.sequence = seq;
	m->ro.status = status;
	m->ro.lifetime_seconds = lifetime;
	/* draft 5.1: the source MN's HNP, then the destination MN's */
	m->opts.hnp[0] = (struct mh_hnp){ .prefix_len = 64 };
	memcpy(m->opts.hnp[0].prefix, src_hnp->s6_addr, 8);
	m->opts.hnp[1] = (struct mh_hnp){ .prefix_len = 64 };
	memcpy(m->opts.hnp[1].prefix, dst_hnp->s6_addr, 8);
	m->opts.hnp_count = 2;
	if (mag) {
		/* draft 5.2 MAG-ADDR, as RFC 6705's MAG IPv6 Address (51) */
		m->opts.present |= mh_opt_bit(MH_OPT_MAG_IPV6_ADDR);
		m->opts.mag_addr_len = 128;
		memcpy(m->opts.mag_addr, mag->s6_addr, 16);
	}
}

int ro_send(struct pmipd *d, const struct in6_addr *dst, const struct mh_msg *m)
{
	char a[INET6_ADDRSTRLEN];
	int rc = pmipd_mh_send(d, dst, m);

	if (!rc) {
		d->ro->st.tx++;
		d->ro->st.tx_kind[m->ro.kind]++;
	}
	pmipd_log(d, LOG_DEBUG, "sent %s seq %u status %u lifetime %u to %s",
		  mh_ro_kind_name(m->ro.kind), m->ro.sequence, m->ro.status,
		  m->ro.lifetime_seconds, pmipd_addr(dst, a));
	return rc;
}

static bool needs_mag_addr(uint8_t kind)
{
	/* draft 5.1: Trigger and Init name the source MN's MAG, Setup the
	 * destination MN's.
	 */
	return kind == MH_RO_TRIGGER || kind == MH_RO_INIT || kind == MH_RO_SETUP;
}

/*
 * Ours, not the draft's: the RO Refresh a MAG sends before it installs a
 * state an RO Setup asked for names the peer MAG (ro_mag.c, "Who may set
 * up a state" in Documentation/localized-routing.md).
 */
static bool may_have_mag_addr(uint8_t kind)
{
	return needs_mag_addr(kind) || kind == MH_RO_REFRESH;
}

bool ro_parse(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *m,
	      struct in6_addr hnp[2], struct in6_addr *mag)
{
	const struct mh_options *o = &m->opts;
	const char *why = NULL;
	char a[INET6_ADDRSTRLEN];

	if (o->hnp_count != 2)
		why = "not exactly two Home Network Prefix options";
	for (unsigned int i = 0; !why && i < 2; i++) {
		if (o->hnp[i].prefix_len != 64)
			why = "a Home Network Prefix that is not a /64";
		else if (memcmp(o->hnp[i].prefix + 8, "\0\0\0\0\0\0\0\0", 8))
			why = "a Home Network Prefix with host bits set";
	}
	if (!why && !memcmp(o->hnp[0].prefix, o->hnp[1].prefix, 8))
		why = "the same prefix as source and destination";
	if (mag)
		*mag = in6addr_any;
	if (!why && may_have_mag_addr(m->ro.kind)) {
		struct in6_addr x;

		memcpy(x.s6_addr, o->mag_addr, 16);
		if (!(o->present & mh_opt_bit(MH_OPT_MAG_IPV6_ADDR))) {
			if (needs_mag_addr(m->ro.kind))
				why = "no MAG IPv6 Address option";
		} else if (o->mag_addr_len != 128 || IN6_IS_ADDR_UNSPECIFIED(&x) ||
			   IN6_IS_ADDR_MULTICAST(&x) || IN6_IS_ADDR_LINKLOCAL(&x) ||
			   IN6_IS_ADDR_LOOPBACK(&x)) {
			why = "a MAG IPv6 Address that is not a global unicast /128";
		} else if (mag) {
			*mag = x;
		}
	}
	if (why) {
		d->ro->st.rx_invalid++;
		pmipd_log(d, LOG_NOTICE, "%s seq %u from %s dropped: %s",
			  mh_ro_kind_name(m->ro.kind), m->ro.sequence, pmipd_addr(src, a), why);
		return false;
	}
	for (unsigned int i = 0; i < 2; i++) {
		memset(&hnp[i], 0, sizeof(hnp[i]));
		memcpy(hnp[i].s6_addr, o->hnp[i].prefix, 8);
	}
	return true;
}

int ro_kernel_put(struct pmipd *d, const struct in6_addr *local,
		  const struct in6_addr *remote, const struct in6_addr *peer,
		  uint32_t lifetime, uint32_t owner)
{
	struct pmip6_ro k = {
		.src_hnp = { .prefix = *local, .len = 64 },
		.dst_hnp = { .prefix = *remote, .len = 64 },
		.peer_addr = *peer,
		.lifetime = lifetime,
		.owner = owner,
	};
	char err[PMIP6_ERRLEN], l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
	int rc;

	rc = pmip6_ro_new(d->genl, &k, err, sizeof(err));
	if (rc == -EEXIST)
		rc = pmip6_ro_set(d->genl, &k, err, sizeof(err));
	if (rc) {
		d->ro->st.kernel_errors++;
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "kernel RO state %s -> %s: %s", ro_hnp(local, l),
			  ro_hnp(remote, r), err);
	}
	return rc;
}

void ro_kernel_del(struct pmipd *d, const struct in6_addr *local,
		   const struct in6_addr *remote)
{
	struct pmip6_hnp s = { .prefix = *local, .len = 64 };
	struct pmip6_hnp t = { .prefix = *remote, .len = 64 };
	char err[PMIP6_ERRLEN], l[INET6_ADDRSTRLEN], r[INET6_ADDRSTRLEN];
	int rc = pmip6_ro_del(d->genl, &s, &t, err, sizeof(err));

	/* Already gone: the kernel expires states by itself (draft 4.5). */
	if (rc && rc != -ENOENT) {
		d->ro->st.kernel_errors++;
		d->stats.kernel_errors++;
		pmipd_log(d, LOG_ERR, "kernel RO delete %s -> %s: %s", ro_hnp(local, l),
			  ro_hnp(remote, r), err);
	}
}

/*
 * The kernel's RO states of a pmipd before us (a restart): those of our
 * own MNs, or of pairs we control, go on (ro_mag_adopt(), ro_lma_adopt());
 * the rest are removed, and their traffic goes through the LMA again.
 * Runs after the bindings were adopted, which it looks the MNs up in.
 */
static int ro_adopt(struct pmipd *d)
{
	struct pmip6_ro_list l;
	char err[PMIP6_ERRLEN];
	unsigned int adopted = 0, removed = 0;
	int rc;

	rc = pmip6_ro_dump(d->genl, &l, err, sizeof(err));
	if (rc) {
		pmipd_log(d, LOG_ERR, "reading the kernel's localized routing states: %s", err);
		return rc;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct pmip6_ro *k = &l.v[i];
		struct in6_addr lma;
		bool ok;

		if (d->lma)
			ok = ro_lma_adopt(d, k);
		else
			ok = k->owner == PMIP6_RO_OWNER_MAG && d->cfg.localized_routing &&
			     mag_hnp_lma(d, &k->src_hnp.prefix, &lma) &&
			     !ro_mag_adopt(d, k, &lma);
		if (ok) {
			adopted++;
			continue;
		}
		ro_kernel_del(d, &k->src_hnp.prefix, &k->dst_hnp.prefix);
		removed++;
	}
	if (adopted || removed)
		pmipd_log(d, LOG_INFO, "adopted %u localized routing state(s) from the kernel, removed %u",
			  adopted, removed);
	pmip6_ro_list_free(&l);
	return 0;
}

int ro_start(struct pmipd *d)
{
	int rc;

	d->ro = calloc(1, sizeof(*d->ro));
	if (!d->ro)
		return -ENOMEM;
	d->ro->seq = (uint16_t)random();
	rc = ro_adopt(d);
	if (!rc && d->lma)
		rc = ro_lma_start(d);
	return rc;
}

void ro_stop(struct pmipd *d)
{
	if (!d->ro)
		return;
	if (d->lma)
		ro_lma_stop(d);
	else
		ro_mag_stop(d);
	free(d->ro);
	d->ro = NULL;
}

void ro_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg)
{
	d->ro->st.rx++;
	d->ro->st.rx_kind[msg->ro.kind]++;
	if (d->lma)
		ro_lma_handle(d, src, msg);
	else
		ro_mag_handle(d, src, msg);
}

static void show_stats(const struct ro_stats *s, struct pmipd_out *o)
{
	static const struct { const char *name; size_t off; } f[] = {
#define F(x) { #x, offsetof(struct ro_stats, x) }
		F(rx), F(tx), F(retx), F(rx_invalid), F(rx_unexpected),
		F(traffic_events), F(setup_ok), F(setup_failed), F(refresh_ok),
		F(refresh_failed), F(expired), F(deleted), F(kernel_errors),
		F(unauthorized), F(over_limit),
#undef F
	};

	pmipd_out(o, o->json ? "\"stats\":{" : "stats");
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		uint64_t v = *(const uint64_t *)((const char *)s + f[i].off);

		pmipd_out(o, o->json ? "%s\"%s\":%llu" : "%s%s %llu", o->json && i ? "," : " ",
			  f[i].name, (unsigned long long)v);
	}
	/* Per message kind, by the numbers of mh.h (1 Trigger ... 10 Request Ack). */
	pmipd_out(o, o->json ? ",\"rx_kind\":[" : "\nrx-kind");
	for (int k = 1; k <= MH_RO_KIND_MAX; k++)
		pmipd_out(o, o->json ? "%s%llu" : "%s%llu", o->json && k > 1 ? "," : " ",
			  (unsigned long long)s->rx_kind[k]);
	pmipd_out(o, o->json ? "],\"tx_kind\":[" : "\ntx-kind");
	for (int k = 1; k <= MH_RO_KIND_MAX; k++)
		pmipd_out(o, o->json ? "%s%llu" : "%s%llu", o->json && k > 1 ? "," : " ",
			  (unsigned long long)s->tx_kind[k]);
	pmipd_out(o, o->json ? "]}" : "\n");
}

int ro_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
	   char *err, size_t errlen)
{
	if (argc > 1 && !strcmp(argv[1], "request")) {
		if (d->lma) {
			snprintf(err, errlen, "'ro request' is a MAG command (draft section 7)");
			return -EINVAL;
		}
		return ro_mag_request(d, argv, argc, o, err, errlen);
	}
	if (argc > 1 && strcmp(argv[1], "show")) {
		snprintf(err, errlen, "usage: ro [show] | ro request MN-ID dst PREFIX/64");
		return -EINVAL;
	}
	if (o->json)
		pmipd_out(o, "{\"role\":\"%s\",\"enabled\":%s,", d->lma ? "lma" : "mag",
			  d->cfg.localized_routing ? "true" : "false");
	else
		pmipd_out(o, "localized-routing %s\n", d->cfg.localized_routing ? "on" : "off");
	show_stats(&d->ro->st, o);
	if (d->lma)
		ro_lma_show(d, o);
	else
		ro_mag_show(d, o);
	if (o->json)
		pmipd_out(o, "}\n");
	return 0;
}
