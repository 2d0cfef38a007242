/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmipd: the Proxy Mobile IPv6 signaling daemon, one per node (LMA or MAG).
 *
 *   main.c    command line, config, start/stop, the poll() loop, logging
 *   loop.c    timers (a min-heap on the monotonic clock), token buckets
 *   mhsock.c  the Mobility Header raw socket (IPv6 next header 135): arrival
 *             times, Binding Errors (RFC 6275 9.2), pcap
 *   lma.c     LMA role: policy profiles, PBU processing (RFC 5213 5.3)
 *   lma_handoff.c a PBU that would move a live binding to another MAG is
 *             held while the old MAG is asked (FORCE-REREGISTRATION)
 *   lma_flow.c LMA flow mobility: flow decisions, FMI/FMA, prefix moves
 *             (RFC 7864); lma.h is what the two LMA files share
 *   mag.c     MAG role: attach/detach, PBU/PBA, refresh (RFC 5213 6.9)
 *   ndisc.c   MAG access links: per-MN Router Advertisements out
 *   lladdr.c  the MAG's link-local address of a session (RFC 5213 6.8):
 *             what the option may carry, how the LMA makes one (pure)
 *   access.c  MAG access links at layer 2: attachment from the MN's first
 *             frames (by their link-layer source), link up/down/gone from
 *             rtnetlink, presence probes (Neighbor Solicitations)
 *   nl.c      one netlink request and its ACK (route.c, xfrm.c), each wait
 *             bounded by PMIPD_NL_TIMEOUT_MS
 *   route.c   rtnetlink: HNP routes, the pmip6 device up
 *   xfrm.c    NETLINK_XFRM: the IPsec SAs and policies that protect the
 *             signaling with each peer (RFC 5213 4.0)
 *   ctl.c     the control socket pmipctl talks to (root only): every
 *             connection non-blocking, a budget per poll round
 *   ro.c      localized routing (draft-loureiro-netext-pmipv6-ro-02):
 *   ro_lma.c  the messages and states, ro_lma.c the RO Controller at an
 *   ro_mag.c  LMA, ro_mag.c a MAG's side (internal interface: ro.h)
 *   heartbeat.c  RFC 5847, both roles: Heartbeat requests to the peers
 *             with sessions, responses with the Restart Counter, path
 *             failure and peer restart detection
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
struct heartbeat;
struct pmipd_ctl;
struct pollfd;

/*
 * The longest pmipd waits for the kernel's answer to one netlink request
 * (rtnetlink, NETLINK_XFRM, generic netlink), or for the next part of a
 * dump. The kernel answers in microseconds; an answer that does not come
 * (lost, ENOBUFS, a kernel bug) must not stop the daemon: the request is
 * then taken as failed, logged and counted (netlink_timeouts), and its
 * late answer, should it come, is told apart by its sequence number.
 * Long enough for the RTNL lock held by a namespace teardown in an
 * emulated VM.
 */
#define PMIPD_NL_TIMEOUT_MS 2000

/* Counters pmipctl shows ("pmipctl daemon stats"). */
struct pmipd_stats {
	uint64_t mh_rx, mh_tx, mh_rx_malformed, mh_rx_unexpected, mh_tx_errors;
	uint64_t pbu_rx, pbu_tx, pbu_retx, pba_rx, pba_tx;
	uint64_t pbu_ignored;		/* LMA: de-registrations of no session
					 * (RFC 5213 5.4.1.1 rule 6)
					 */
	uint64_t ts_resyncs;		/* MAG: PBUs resent on status 156 */
	uint64_t pba_status[256];	/* PBAs sent (LMA) or received (MAG) */
	uint64_t rs_rx, ra_tx, attach, detach, expired;
	uint64_t kernel_errors;
	uint64_t mh_unprotected;	/* refused: no IPsec with that address */
	uint64_t netlink_timeouts;	/* rtnetlink and xfrm requests never
					 * answered (pmip6_genl_timeouts() has
					 * the generic netlink ones)
					 */
	uint64_t ctl_refused;		/* control connections not from root */
	uint64_t ctl_dropped;		/* closed unanswered: stalled, busy, or
					 * the client left before its answer
					 */
	/* RFC 6275 9.2: unknown MH types received, answered with a Binding
	 * Error (be_tx) unless rate-limited (9.3.3); Binding Errors received */
	uint64_t mh_rx_unknown_type, be_tx, be_rate_limited, be_rx;
	/* RFC 5847 (heartbeat.c); unsolicited responses count as responses
	 * too. Missed: requests without a response when the next is due.
	 * Unreachable: peers found so (3.1), once per failure. Peer restarts:
	 * a changed Restart Counter (3.2); then restart_bindings counts the
	 * MNs registered again (MAG) or the bindings removed (LMA). */
	uint64_t heartbeat_req_tx, heartbeat_req_rx, heartbeat_resp_tx, heartbeat_resp_rx;
	uint64_t heartbeat_unsolicited_tx, heartbeat_unsolicited_rx;
	uint64_t heartbeat_missed, heartbeat_unreachable;
	uint64_t peer_restarts, peer_restart_bindings;
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
	bool keep_state;		/* --keep-state: stop leaves the kernel's
					 * bindings for the next pmipd to adopt
					 */
	uint32_t restart_counter;	/* RFC 5847 3.2, from the kernel instance */
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
	struct pmipd_ctl *ctl;		/* the control connections (ctl.c) */
	struct heartbeat *hb;		/* RFC 5847 peers (heartbeat.c) */
	/* This start lost the sessions (nothing adopted): the peers are told
	 * at once with an unsolicited Heartbeat Response (RFC 5847 3.2). */
	bool sessions_lost;
	uint64_t unprotected_log_ms;	/* rate limit of the refusals' log */
	uint64_t unprotected_quiet;	/* refusals not logged since */
	struct pmipd_ratelimit be_limit;	/* Binding Errors sent */
	struct pmipd_ratelimit mh_rx_log;	/* log lines of dropped MH */
	uint64_t mh_rx_log_quiet;	/* such lines left out since */
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
/* Receive and handle up to budget messages (the poll loop's round). */
void pmipd_mh_receive(struct pmipd *d, unsigned int budget);

/* nl.c: rtnetlink and NETLINK_XFRM requests */
struct nlmsghdr;
/* Append attribute type (data, len) to n. */
void pmipd_nl_put_attr(struct nlmsghdr *n, unsigned short type, const void *data, size_t len);
/* Send n on fd with the next *seq, wait for its ACK: 0 or -errno; on an
 * error with why, the kernel's extack message (": ...") or "".
 * -ETIMEDOUT (logged, counted in d's stats) when no answer came within
 * PMIPD_NL_TIMEOUT_MS. */
int pmipd_nl_transact(struct pmipd *d, int fd, uint32_t *seq, struct nlmsghdr *n,
		      char *why, size_t whylen);
/* Dump request n; cb gets each answer but the closing DONE. 0 or -errno
 * (-ETIMEDOUT as above, PMIPD_NL_TIMEOUT_MS between two parts). */
int pmipd_nl_dump(struct pmipd *d, int fd, uint32_t *seq, struct nlmsghdr *n,
		  void (*cb)(const struct nlmsghdr *h, void *arg), void *arg);

/* route.c */
int pmipd_rt_open(struct pmipd *d);
int pmipd_rt_link_up(struct pmipd *d, int ifindex);
/* Add (replace) or delete PREFIX/LEN dev IFINDEX in the main table. */
int pmipd_rt_route(struct pmipd *d, bool add, const struct in6_addr *prefix,
		   uint8_t len, int ifindex);
/* Set the link-layer (Ethernet) address of IFINDEX. 0 or -errno. */
int pmipd_rt_link_addr(struct pmipd *d, int ifindex, const uint8_t mac[6]);
/* Add (replace; without DAD) or delete the link-local ADDR/64 on IFINDEX;
 * deleting one that is not there is no error. 0 or -errno. */
int pmipd_rt_addr(struct pmipd *d, bool add, int ifindex, const struct in6_addr *addr);

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
/* Connections served at once; more are answered "busy". */
#define PMIPD_CTL_CONN_MAX 32
int pmipd_ctl_open(struct pmipd *d);
/* Close the socket and every connection (their clients get EOF). */
void pmipd_ctl_close(struct pmipd *d);
/* The listening socket is readable: accept a bounded number. */
void pmipd_ctl_accept(struct pmipd *d);
/* The connections to poll this round into pfd (at most max); how many. */
size_t pmipd_ctl_pollfds(struct pmipd *d, struct pollfd *pfd, size_t max);
/* Serve what poll() reported on them (pfd, n as filled above). */
void pmipd_ctl_serve(struct pmipd *d, const struct pollfd *pfd, size_t n);

/* Output of a control command: text or JSON, built in a growing buffer. */
struct pmipd_out {
	char *buf;
	size_t len, cap;
	bool json;
	bool failed;			/* out of memory */
	uint64_t ctl_id;		/* the client's connection */
	bool deferred;			/* a handler kept ctl_id: it answers
					 * later with pmipd_ctl_reply()
					 */
};
/*
 * Answer the deferred request of connection ctl_id (rc 0: "ok" and text;
 * else "error: " and text). Nothing happens when that client has gone:
 * the id is never reused, so a late answer cannot reach another client.
 */
void pmipd_ctl_reply(struct pmipd *d, uint64_t ctl_id, int rc, const char *text);
void pmipd_out(struct pmipd_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* lma.c */
int lma_start(struct pmipd *d);
void lma_stop(struct pmipd *d);
/* lma_adopt.c: the kernel's BCEs the configuration allows become bindings. */
int lma_adopt(struct pmipd *d, unsigned int *adopted);
/*
 * lma_handle(), mag_handle(): a message from src that arrived at arrival,
 * the wall clock when the kernel received it, as a Timestamp option value
 * (RFC 5213 8.8); a PBU's or PBA's Timestamp is judged against it, not
 * against the time pmipd got round to it (RFC 5213 5.5).
 */
void lma_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg,
		uint64_t arrival);
void lma_show(struct pmipd *d, struct pmipd_out *o);
int lma_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
	    char *err, size_t errlen);

/*
 * lma.c: the Proxy-CoA of a registered binding (not one waiting for its
 * deletion) that holds this /64 home network prefix; false when none.
 */
bool lma_hnp_coa(struct pmipd *d, const struct in6_addr *hnp, struct in6_addr *coa);
/* lma.c, for heartbeat.c: fn(arg, coa) for the Proxy-CoA of every
 * registered binding (not one waiting for its deletion), MAG by MAG as
 * often as it has bindings. */
void lma_each_coa(struct pmipd *d, void (*fn)(void *arg, const struct in6_addr *coa), void *arg);
/*
 * lma.c, for heartbeat.c (RFC 5847 3.2): the MAG restarted and lost its
 * sessions: remove its registered bindings last (re-)registered at or
 * before before_ms (monotonic), through the one removal path. Later ones
 * may be the restarted MAG's own and stay. Returns how many went.
 */
unsigned int lma_mag_restarted(struct pmipd *d, const struct in6_addr *mag, uint64_t before_ms);

/* mag.c */
int mag_start(struct pmipd *d);
void mag_stop(struct pmipd *d);
/* The kernel's BUL entries the configuration allows become bound MNs. */
int mag_adopt(struct pmipd *d, unsigned int *adopted);
void mag_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg,
		uint64_t arrival);
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
/* mag.c, for heartbeat.c: fn(arg, lma) for the LMA of every bound MN. */
void mag_each_lma(struct pmipd *d, void (*fn)(void *arg, const struct in6_addr *lma), void *arg);
/* mag.c, for heartbeat.c (RFC 5847 3.2): the LMA restarted and lost its
 * sessions: register every MN bound there again now. Returns how many. */
unsigned int mag_lma_restarted(struct pmipd *d, const struct in6_addr *lma);
/* mag.c: the first prefix of this bound MN, and its LMA. */
bool mag_mn_hnp(struct pmipd *d, const struct pmipd_mn_profile *p, struct in6_addr *hnp,
		struct in6_addr *lma);

/* ro.c, ro_lma.c, ro_mag.c: localized routing */
int ro_start(struct pmipd *d);
void ro_stop(struct pmipd *d);
void ro_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg);
/* ro_fd is readable: the kernel's MN_TRAFFIC notifications (LMA), up to
 * budget datagrams. */
void ro_events(struct pmipd *d, unsigned int budget);
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

/* heartbeat.c (RFC 5847) */
int heartbeat_start(struct pmipd *d);
void heartbeat_stop(struct pmipd *d);
void heartbeat_handle(struct pmipd *d, const struct in6_addr *src, const struct mh_msg *msg);
/* "heartbeat" on the control socket: this node's counter and its peers. */
int heartbeat_ctl(struct pmipd *d, char **argv, int argc, struct pmipd_out *o,
		  char *err, size_t errlen);
/*
 * peer answered a Heartbeat Request with a Binding Error, status 2
 * (unrecognized MH type): RFC 5847 3, "MUST NOT use Heartbeat messages
 * with the other end again". For the Binding Error handler.
 */
void heartbeat_unsupported(struct pmipd *d, const struct in6_addr *peer);

/* ndisc.c */
int pmipd_ndisc_open(struct pmipd *d);
/* Send an RA on ifindex from src (an address of the interface; NULL:
 * the kernel's choice) to dst (ff02::1 when NULL) with these on-link
 * prefixes, valid for lifetime seconds (0: withdraw them). */
int pmipd_ndisc_send_ra(struct pmipd *d, int ifindex, const struct in6_addr *src,
			const struct in6_addr *dst, const struct in6_addr *prefix,
			unsigned int n_prefix, uint32_t lifetime);

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
/* One unicast Neighbor Solicitation for target to mac (RFC 4861 7.3.3),
 * from src (NULL: a link-local address of the interface). */
int pmipd_access_probe(struct pmipd *d, int ifindex, const uint8_t *mac,
		       const struct in6_addr *src, const struct in6_addr *target);
/* ifindex is an access link, administratively up with carrier. */
bool pmipd_access_up(struct pmipd *d, int ifindex);

#endif /* PMIPD_H */
