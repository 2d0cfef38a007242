/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmipd: the Proxy Mobile IPv6 signaling daemon, one per node (LMA or MAG).
 *
 *   main.c    command line, config, start/stop, the poll() loop, logging
 *   loop.c    timers (a min-heap on the monotonic clock)
 *   mhsock.c  the Mobility Header raw socket (IPv6 next header 135), pcap
 *   lma.c     LMA role: policy profiles, PBU processing (RFC 5213 5.3)
 *   lma_handoff.c a PBU that would move a live binding to another MAG is
 *             held while the old MAG is asked (FORCE-REREGISTRATION)
 *   lma_flow.c LMA flow mobility: flow decisions, FMI/FMA, prefix moves
 *             (RFC 7864); lma.h is what the two LMA files share
 *   mag.c     MAG role: attach/detach, PBU/PBA, refresh (RFC 5213 6.9)
 *   ndisc.c   MAG access links: per-MN Router Advertisements out
 *   access.c  MAG access links at layer 2: attachment from the MN's first
 *             frames (by their link-layer source), link up/down/gone from
 *             rtnetlink, presence probes (Neighbor Solicitations)
 *   nl.c      one netlink request and its ACK (route.c, xfrm.c)
 *   route.c   rtnetlink: HNP routes, the pmip6 device up
 *   xfrm.c    NETLINK_XFRM: the IPsec SAs and policies that protect the
 *             signaling with each peer (RFC 5213 4.0)
 *   ctl.c     the control socket pmipctl talks to (root only)
 *   ro.c      localized routing (draft-loureiro-netext-pmipv6-ro-02):
 *   ro_lma.c  the messages and states, ro_lma.c the RO Controller at an
 *   ro_mag.c  LMA, ro_mag.c a MAG's side (internal interface: ro.h)
 *
 * The kernel fast path is programmed over generic netlink (lib/genl.h);
 * the wire format is user/mh (lib of pure functions).
 */
#ifndef PMIPD_H
#define PMIPD_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <syslog.h>

#include "../lib/config.h"
#include "../mh/mh.h"
#include "loop.h"

struct pmip6_genl;
struct lma;
struct mag;
struct ro;
struct pmipd_xfrm;

/* Counters pmipctl shows ("pmipctl daemon stats"). */
struct pmipd_stats {
	uint64_t mh_rx, mh_tx, mh_rx_malformed, mh_rx_unexpected, mh_tx_errors;
	uint64_t pbu_rx, pbu_tx, pbu_retx, pba_rx, pba_tx;
	uint64_t ts_resyncs;		/* MAG: PBUs resent on status 156 */
	uint64_t pba_status[256];	/* PBAs sent (LMA) or received (MAG) */
	uint64_t rs_rx, ra_tx, attach, detach, expired;
	uint64_t kernel_errors;
	uint64_t mh_unprotected;	/* refused: no IPsec with that address */
	/* MAG, access links (access.c): frames handed to pmipd, RS/NS whose
	 * source link-layer address option is not the frame's source, frames
	 * from addresses of no profile; presence probes sent and what they
	 * found; an MN claimed on a second access link while present on
	 * its first, refused. */
	uint64_t l2_rx, l2_sllao_mismatch, l2_strangers;
	uint64_t nud_probes, nud_present, nud_gone, claims_refused;
	uint64_t upn_rx, upa_tx;	/* MAG: Update Notifications (RFC 7077) */
	/* LMA (lma_handoff.c): handoff PBUs held while the old MAG is asked;
	 * then refused (the MN is still there), done (it is gone), or done
	 * unverified (the old MAG did not answer in time). */
	uint64_t upn_tx, upa_rx;
	uint64_t handoff_held, handoff_refused, handoff_done, handoff_unverified;
};

struct pmipd {
	struct pmipd_config cfg;
	const char *config_name;
	bool foreground, use_syslog;
	struct pmip6_genl *genl;
	struct pmipd_timers timers;
	int sig_fd, mh_fd, ctl_fd, icmp_fd, rt_fd;
	int access_fd;			/* MAG: access.c's epoll fd, or -1 */
	struct pmipd_access *access;
	uint32_t rt_seq;
	int pmip6_ifindex;
	FILE *pcap;			/* --pcap: every MH sent and received */
	struct pmipd_stats stats;
	struct lma *lma;
	struct mag *mag;
	struct ro *ro;			/* localized routing, both roles */
	int ro_fd;			/* LMA: kernel events; -1 when none */
	struct pmipd_xfrm *xfrm;
	uint64_t unprotected_log_ms;	/* rate limit of the refusals' log */
	uint64_t unprotected_quiet;	/* refusals not logged since */
};

void pmipd_log(const struct pmipd *d, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "2001:db8::1" into a static-free caller buffer of INET6_ADDRSTRLEN. */
const char *pmipd_addr(const struct in6_addr *a, char *buf);

/* Wall clock as a Timestamp option value (RFC 5213 8.8). */
uint64_t pmipd_timestamp_now(void);

/* mhsock.c */
int pmipd_mh_open(struct pmipd *d);
/* Encode msg and send it to dst from our local address. 0 or -errno. */
int pmipd_mh_send(struct pmipd *d, const struct in6_addr *dst, const struct mh_msg *msg);
void pmipd_mh_receive(struct pmipd *d);

/* nl.c: rtnetlink and NETLINK_XFRM requests */
struct nlmsghdr;
/* Append attribute type (data, len) to n. */
void pmipd_nl_put_attr(struct nlmsghdr *n, unsigned short type, const void *data, size_t len);
/* Send n on fd with the next *seq, wait for its ACK: 0 or -errno; on an
 * error with why, the kernel's extack message (": ...") or "". */
int pmipd_nl_transact(int fd, uint32_t *seq, struct nlmsghdr *n, char *why, size_t whylen);
/* Dump request n; cb gets each answer but the closing DONE. 0 or -errno. */
int pmipd_nl_dump(int fd, uint32_t *seq, struct nlmsghdr *n,
		  void (*cb)(const struct nlmsghdr *h, void *arg), void *arg);

/* route.c */
int pmipd_rt_open(struct pmipd *d);
int pmipd_rt_link_up(struct pmipd *d, int ifindex);
/* Add (replace) or delete PREFIX/LEN dev IFINDEX in the main table. */
int pmipd_rt_route(struct pmipd *d, bool add, const struct in6_addr *prefix,
		   uint8_t len, int ifindex);

/* xfrm.c */
int pmipd_xfrm_open(struct pmipd *d);
/* Install the static SAs and policies of the peer lines; on error, err
 * says which the kernel refused and why (pmipd_xfrm_close() removes the
 * ones installed before). 0 or -errno. */
int pmipd_xfrm_install(struct pmipd *d, char *err, size_t errlen);
/* Remove exactly what pmipd_xfrm_install() installed; close. */
void pmipd_xfrm_close(struct pmipd *d);
/* Is MH with addr protected by ESP both ways (a peer line, and its
 * policies in the kernel)? If not, *why says what is missing. */
bool pmipd_xfrm_protected(struct pmipd *d, const struct in6_addr *addr, const char **why);

/* ctl.c */
int pmipd_ctl_open(struct pmipd *d);
void pmipd_ctl_accept(struct pmipd *d);

/* Output of a control command: text or JSON, built in a growing buffer. */
struct pmipd_out {
	char *buf;
	size_t len, cap;
	bool json;
	bool failed;			/* out of memory */
	int fd;				/* the client's connection */
	bool deferred;			/* a handler took fd: it answers later
					 * with pmipd_ctl_reply()
					 */
};
/* Answer a deferred request (rc 0: "ok" and text) and close fd. */
void pmipd_ctl_reply(int fd, int rc, const char *text);
void pmipd_out(struct pmipd_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* lma.c */
int lma_start(struct pmipd *d);
void lma_stop(struct pmipd *d);
void lma_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg);
void lma_show(struct pmipd *d, struct pmipd_out *o);
int lma_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
	    char *err, size_t errlen);

/*
 * lma.c: the Proxy-CoA of a registered binding (not one waiting for its
 * deletion) that holds this /64 home network prefix; false when none.
 */
bool lma_hnp_coa(struct pmipd *d, const struct in6_addr *hnp, struct in6_addr *coa);

/* mag.c */
int mag_start(struct pmipd *d);
void mag_stop(struct pmipd *d);
void mag_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg);
void mag_show(struct pmipd *d, struct pmipd_out *o, bool pending_only);
int mag_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
	    char *err, size_t errlen);
/* A frame on an access link from the link-layer address of profile p
 * (access.c): an attachment, a sign of life, or a claim on another link. */
struct pmipd_l2_frame {
	int ifindex;
	const uint8_t *mac;		/* the frame's source, ETH_ALEN octets */
	const char *kind;		/* "Router Solicitation", ... (logs) */
	bool rs;			/* a Router Solicitation: answer it */
	bool has_addr;
	struct in6_addr addr;		/* an address the MN uses on the link */
};
void mag_l2_frame(struct pmipd *d, const struct pmipd_mn_profile *p,
		  const struct pmipd_l2_frame *f);
/* The access link ifindex went down or away: its MNs are gone. */
void mag_link_gone(struct pmipd *d, int ifindex);

/* mag.c: an MN bound here holds this /64 prefix (on-link); its LMA. */
bool mag_hnp_lma(struct pmipd *d, const struct in6_addr *hnp, struct in6_addr *lma);
/* mag.c: the first prefix of this bound MN, and its LMA. */
bool mag_mn_hnp(struct pmipd *d, const struct pmipd_mn_profile *p, struct in6_addr *hnp,
		struct in6_addr *lma);

/* ro.c, ro_lma.c, ro_mag.c: localized routing */
int ro_start(struct pmipd *d);
void ro_stop(struct pmipd *d);
void ro_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg);
/* ro_fd is readable: the kernel's MN_TRAFFIC notifications (LMA). */
void ro_events(struct pmipd *d);
/* "ro [show]" and "ro request ..." on the control socket. */
int ro_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
	   char *err, size_t errlen);
/* LMA: the MN with these prefixes registered through a new MAG (4.3). */
void ro_lma_handoff(struct pmipd *d, const struct in6_addr *hnp, unsigned int n_hnp,
		    const struct in6_addr *coa);
/* LMA: no binding holds these prefixes any more. */
void ro_lma_hnp_gone(struct pmipd *d, const struct in6_addr *hnp, unsigned int n_hnp);
/* MAG: the MN with these prefixes left this MAG. */
void ro_mag_hnp_gone(struct pmipd *d, const struct in6_addr *hnp, unsigned int n_hnp);

/* ndisc.c */
int pmipd_ndisc_open(struct pmipd *d);
/* Send an RA on ifindex to dst (ff02::1 when NULL) with these on-link
 * prefixes, valid for lifetime seconds (0: withdraw them). */
int pmipd_ndisc_send_ra(struct pmipd *d, int ifindex, const struct in6_addr *dst,
			const struct in6_addr *prefix, unsigned int n_prefix,
			uint32_t lifetime);

/*
 * access.c: the access links at layer 2 (MAG). A source is "quiet" on a
 * link while an MN with that link-layer address is bound there: its
 * frames stay in the kernel, but for its Neighbor Discovery and MLD
 * messages (the answers to presence probes). "Held" keeps a source's
 * frames from starting anything for ms milliseconds (0: until its next
 * RS or a carrier change, i.e. a new attachment): 'hold-down' after a
 * refused claim or a rejected registration.
 */
int pmipd_access_open(struct pmipd *d);
void pmipd_access_receive(struct pmipd *d);
void pmipd_access_close(struct pmipd *d);
void pmipd_access_quiet(struct pmipd *d, int ifindex, const uint8_t *mac);
void pmipd_access_hold(struct pmipd *d, int ifindex, const uint8_t *mac, uint32_t ms);
/* The MN with mac is no longer bound on ifindex: not quiet any more
 * (a hold-down, if one was set, stays). */
void pmipd_access_release(struct pmipd *d, int ifindex, const uint8_t *mac);
/* One unicast Neighbor Solicitation for target to mac (RFC 4861 7.3.3). */
int pmipd_access_probe(struct pmipd *d, int ifindex, const uint8_t *mac,
		       const struct in6_addr *target);
/* ifindex is an access link, administratively up with carrier. */
bool pmipd_access_up(struct pmipd *d, int ifindex);

#endif /* PMIPD_H */
