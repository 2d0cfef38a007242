/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmip6 generic netlink client (libnl-genl-3).
 *
 * A small synchronous request/response layer over the "pmip6" family
 * (include/uapi/linux/pmip6.h, Documentation/netlink/specs/pmip6.yaml).
 * It keeps no global state and never prints: every function returns 0 or
 * a negative errno and, on failure, writes one line of text into the
 * caller's err buffer, e.g.
 *
 *	Invalid argument (kernel: integer out of range, at instance.role)
 *
 * The text after "kernel:" is the kernel's extended ACK (NLMSGERR_ATTR_MSG,
 * or NLMSGERR_ATTR_MISS_TYPE when the kernel names a missing attribute
 * without a message), so callers can show "errno + the kernel's reason".
 */
#ifndef PMIP6_USER_GENL_H
#define PMIP6_USER_GENL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/pmip6.h>

/* Opaque handle: one netlink socket bound to the caller's network namespace. */
struct pmip6_genl;

/* Room for one error line; callers may use any size. */
#define PMIP6_ERRLEN 512

struct pmip6_version {
	char version[64];		/* PMIP6_A_VERSION, NUL-terminated */
	uint32_t family_version;	/* PMIP6_A_FAMILY_VERSION */
};

/* PMIP6_A_STATS_*: packets the module dropped, by reason; read-only. */
struct pmip6_instance_stats {
	uint64_t no_binding, fmc_drop, no_route, too_big, unknown_peer,
		 bad_packet, events;
};

struct pmip6_hnp {
	struct in6_addr prefix;
	uint8_t len;
};

struct pmip6_instance {
	bool has_role;
	uint32_t role;			/* enum pmip6_role when has_role */
	bool has_local_addr;
	struct in6_addr local_addr;
	uint32_t generation;
	uint64_t netns_cookie;
	bool has_ifindex;		/* the netns's "pmip6" device */
	uint32_t ifindex;
	bool has_stats;
	struct pmip6_instance_stats stats;
	/* PMIP6_A_INSTANCE_REMOTE_PREFIXES (an LMA's; 0 elsewhere). */
	unsigned int n_remote;
	struct pmip6_hnp remote[PMIP6_REMOTE_PREFIX_MAX];
	bool has_restart_counter;
	uint32_t restart_counter;	/* RFC 5847 3.2, kept for pmipd */
};

/*
 * Open a generic netlink socket in the current network namespace and
 * resolve the "pmip6" family (which autoloads the module when it can).
 * On success *out owns the socket; release it with pmip6_genl_close().
 * Returns -ENOENT with an explanatory err when the family is not there.
 */
int pmip6_genl_open(struct pmip6_genl **out, char *err, size_t errlen);
void pmip6_genl_close(struct pmip6_genl *h);

/* The resolved generic netlink family id (for diagnostics). */
int pmip6_genl_family_id(const struct pmip6_genl *h);

/*
 * Every request waits at most ms (default 10 s) for each answer from the
 * kernel: a lost answer fails that request with -ETIMEDOUT ("no answer
 * from the kernel ...") and is counted; should it come later, it is told
 * apart from the next request's answers by its sequence number and
 * skipped. 0 or -errno.
 */
int pmip6_genl_set_timeout(struct pmip6_genl *h, unsigned int ms);
/* Requests that timed out on h so far (0 for a NULL h). */
uint64_t pmip6_genl_timeouts(const struct pmip6_genl *h);

/* PMIP6_CMD_VERSION_GET. */
int pmip6_version_get(struct pmip6_genl *h, struct pmip6_version *out,
		      char *err, size_t errlen);

/* PMIP6_CMD_INSTANCE_GET: the instance of the socket's network namespace. */
int pmip6_instance_get(struct pmip6_genl *h, struct pmip6_instance *out,
		       char *err, size_t errlen);

/*
 * PMIP6_CMD_INSTANCE_SET. local_addr may be NULL: the kernel then leaves
 * the instance's local address unchanged. remote may be NULL: the kernel
 * keeps its remote prefix list; otherwise remote[0..n_remote) replaces
 * it (n_remote 0 clears it).
 */
int pmip6_instance_set(struct pmip6_genl *h, uint32_t role,
		       const struct in6_addr *local_addr,
		       const struct pmip6_hnp *remote, unsigned int n_remote,
		       char *err, size_t errlen);
/* The same with the instance's Restart Counter (NULL: left unchanged). */
int pmip6_instance_set_restart(struct pmip6_genl *h, uint32_t role,
			       const struct in6_addr *local_addr,
			       const struct pmip6_hnp *remote, unsigned int n_remote,
			       const uint32_t *restart_counter, char *err, size_t errlen);

/* ---- binding cache and flow mobility cache --------------------------- */

/* A mobile node identifier (NAI): binary, 1..PMIP6_MN_ID_MAX_LEN bytes. */
struct pmip6_mn_id {
	size_t len;
	uint8_t id[PMIP6_MN_ID_MAX_LEN + 1];	/* NUL after len, for printing */
};

/* PMIP6_A_COUNTERS_*; read-only. */
struct pmip6_counters {
	uint64_t packets_tx, bytes_tx, packets_rx, bytes_rx;
};

/*
 * PMIP6_A_REGISTRATION_*: the registration state pmipd keeps in a BCE or
 * BUL entry, so that it survives the daemon (see the uapi header).
 * remaining_ms: in requests, from now; in replies, what is left.
 */
struct pmip6_registration {
	bool present;				/* absent: none kept */
	uint32_t lifetime;			/* seconds; 0: de-registered */
	uint32_t remaining_ms;
	uint16_t sequence;
	bool has_timestamp;
	uint64_t timestamp;			/* RFC 5213 8.8 */
	bool has_mag_ll_addr;			/* RFC 5213 5.1, 6.1: the MAG's */
	struct in6_addr mag_ll_addr;		/* link-local address on the
						 * MN's access link */
};

/* One binding cache entry (PMIP6_A_BCE_*). */
struct pmip6_bce {
	struct pmip6_mn_id mn;
	uint16_t bid;
	uint8_t bid_pri;
	uint8_t att;
	size_t ll_id_len;			/* 0: no MN-LL-ID */
	uint8_t ll_id[PMIP6_MN_LL_ID_MAX_LEN];
	struct in6_addr proxy_coa;
	unsigned int n_hnp;
	struct pmip6_hnp hnp[PMIP6_BCE_HNP_MAX];
	bool has_counters;			/* replies only */
	struct pmip6_counters counters;
	struct pmip6_registration reg;
};

/*
 * One field of a traffic selector (RFC 6088 3.2): absent matches anything,
 * start alone matches that single value, start and end a range.
 */
struct pmip6_ts_range {
	bool has_start, has_end;
	uint32_t start, end;
};

struct pmip6_ts_addr_range {
	bool has_start, has_end;
	struct in6_addr start, end;
};

struct pmip6_ts {
	struct pmip6_ts_addr_range src, dst;
	struct pmip6_ts_range spi, flow_label, src_port, dst_port,
			      traffic_class, next_header;
};

/* One flow mobility cache entry (PMIP6_A_FMC_*). */
struct pmip6_fmc {
	struct pmip6_mn_id mn;
	uint16_t fid;
	uint16_t fid_pri;
	struct pmip6_ts ts;
	unsigned int n_bid;
	uint16_t bid[PMIP6_FMC_BID_MAX];
	uint32_t action;			/* 0: kernel default (forward) */
	bool active;				/* replies only */
	bool has_counters;			/* replies only */
	struct pmip6_counters counters;
};

/* Results of a dump; release with the matching _free(). */
struct pmip6_bce_list {
	size_t n;
	struct pmip6_bce *v;
};

struct pmip6_fmc_list {
	size_t n;
	struct pmip6_fmc *v;
};

void pmip6_bce_list_free(struct pmip6_bce_list *l);
void pmip6_fmc_list_free(struct pmip6_fmc_list *l);

/*
 * PMIP6_CMD_BCE_NEW / _SET: create or replace bce (read-only fields are
 * not sent). PMIP6_CMD_BCE_DEL and the do form of PMIP6_CMD_BCE_GET take
 * the key (mn, bid).
 */
int pmip6_bce_new(struct pmip6_genl *h, const struct pmip6_bce *bce,
		  char *err, size_t errlen);
int pmip6_bce_set(struct pmip6_genl *h, const struct pmip6_bce *bce,
		  char *err, size_t errlen);
int pmip6_bce_del(struct pmip6_genl *h, const struct pmip6_mn_id *mn,
		  uint16_t bid, char *err, size_t errlen);
int pmip6_bce_get(struct pmip6_genl *h, const struct pmip6_mn_id *mn,
		  uint16_t bid, struct pmip6_bce *out, char *err, size_t errlen);

/*
 * Dump every BCE of the netns. A dump that the kernel flags
 * NLM_F_DUMP_INTR (the state changed under it) is restarted, up to
 * PMIP6_DUMP_TRIES times in all; then -EAGAIN.
 */
#define PMIP6_DUMP_TRIES 5
int pmip6_bce_dump(struct pmip6_genl *h, struct pmip6_bce_list *out,
		   char *err, size_t errlen);

/* The same for the flow mobility cache, keyed by (mn, fid). */
int pmip6_fmc_new(struct pmip6_genl *h, const struct pmip6_fmc *fmc,
		  char *err, size_t errlen);
int pmip6_fmc_set(struct pmip6_genl *h, const struct pmip6_fmc *fmc,
		  char *err, size_t errlen);
int pmip6_fmc_del(struct pmip6_genl *h, const struct pmip6_mn_id *mn,
		  uint16_t fid, char *err, size_t errlen);
int pmip6_fmc_get(struct pmip6_genl *h, const struct pmip6_mn_id *mn,
		  uint16_t fid, struct pmip6_fmc *out, char *err, size_t errlen);
int pmip6_fmc_dump(struct pmip6_genl *h, struct pmip6_fmc_list *out,
		   char *err, size_t errlen);

/* ---- MAG binding update list and localized routing -------------------- */

/* One binding update list entry (PMIP6_A_BUL_*), keyed by mn. */
struct pmip6_bul {
	struct pmip6_mn_id mn;
	struct in6_addr lma_addr;
	uint32_t ifindex;			/* access interface */
	bool has_mn_ll_addr;
	struct in6_addr mn_ll_addr;
	unsigned int n_hnp;			/* on-link */
	struct pmip6_hnp hnp[PMIP6_BUL_HNP_MAX];
	unsigned int n_offlink_hnp;
	struct pmip6_hnp offlink_hnp[PMIP6_BUL_HNP_MAX];
	bool has_counters;			/* replies only */
	struct pmip6_counters counters;
	uint16_t bid;				/* 0: none (RFC 5648 BID) */
	struct pmip6_registration reg;
};

/* One localized routing state (PMIP6_A_RO_*), keyed by (src_hnp, dst_hnp). */
struct pmip6_ro {
	struct pmip6_hnp src_hnp, dst_hnp;
	struct in6_addr peer_addr;
	uint32_t lifetime;			/* seconds */
	uint32_t owner;				/* enum pmip6_ro_owner */
	bool has_remaining;			/* replies only */
	uint32_t remaining;
	bool has_counters;			/* replies only */
	struct pmip6_counters counters;
};

struct pmip6_bul_list {
	size_t n;
	struct pmip6_bul *v;
};

struct pmip6_ro_list {
	size_t n;
	struct pmip6_ro *v;
};

void pmip6_bul_list_free(struct pmip6_bul_list *l);
void pmip6_ro_list_free(struct pmip6_ro_list *l);

/* PMIP6_CMD_BUL_*: as for BCEs, keyed by the MN-ID alone. */
int pmip6_bul_new(struct pmip6_genl *h, const struct pmip6_bul *bul,
		  char *err, size_t errlen);
int pmip6_bul_set(struct pmip6_genl *h, const struct pmip6_bul *bul,
		  char *err, size_t errlen);
int pmip6_bul_del(struct pmip6_genl *h, const struct pmip6_mn_id *mn,
		  char *err, size_t errlen);
int pmip6_bul_get(struct pmip6_genl *h, const struct pmip6_mn_id *mn,
		  struct pmip6_bul *out, char *err, size_t errlen);
int pmip6_bul_dump(struct pmip6_genl *h, struct pmip6_bul_list *out,
		   char *err, size_t errlen);

/* PMIP6_CMD_RO_*: keyed by the pair of /64 HNPs. */
int pmip6_ro_new(struct pmip6_genl *h, const struct pmip6_ro *ro,
		 char *err, size_t errlen);
int pmip6_ro_set(struct pmip6_genl *h, const struct pmip6_ro *ro,
		 char *err, size_t errlen);
int pmip6_ro_del(struct pmip6_genl *h, const struct pmip6_hnp *src,
		 const struct pmip6_hnp *dst, char *err, size_t errlen);
int pmip6_ro_get(struct pmip6_genl *h, const struct pmip6_hnp *src,
		 const struct pmip6_hnp *dst, struct pmip6_ro *out,
		 char *err, size_t errlen);
int pmip6_ro_dump(struct pmip6_genl *h, struct pmip6_ro_list *out,
		  char *err, size_t errlen);

/* ---- notifications on the "events" group --------------------------------- */

/* PMIP6_A_EVENT of PMIP6_CMD_MN_TRAFFIC_NTF; dst.len 0: a remote prefix. */
struct pmip6_mn_traffic {
	struct pmip6_mn_id src, dst;
	struct pmip6_hnp src_hnp, dst_hnp;
};

/*
 * One notification. cmd is PMIP6_CMD_*_NTF; change is an enum
 * pmip6_change (0 for MN_TRAFFIC_NTF); the member of u named after the
 * command holds the object.
 */
struct pmip6_event {
	uint8_t cmd;
	uint8_t change;
	/* PMIP6_A_TIMESTAMP: ns since the epoch, CLOCK_REALTIME; 0 if absent */
	uint64_t timestamp_ns;
	union {
		struct pmip6_instance instance;
		struct pmip6_bce bce;
		struct pmip6_fmc fmc;
		struct pmip6_bul bul;
		struct pmip6_ro ro;
		struct pmip6_mn_traffic traffic;
	} u;
};

/*
 * Join the "events" group on h (a handle used for nothing else after
 * this) and make its socket non-blocking, for poll() on
 * pmip6_genl_fd().
 */
int pmip6_events_join(struct pmip6_genl *h, char *err, size_t errlen);
int pmip6_genl_fd(const struct pmip6_genl *h);

/*
 * Read every notification that is queued, calling cb for each; returns 0
 * once none is left. -ENOBUFS: the socket overran and notifications were
 * lost (dump to resync); reading can go on. A notification this library
 * cannot parse is skipped and reported in err with -EPROTO after the
 * others were delivered.
 */
typedef void (*pmip6_event_cb)(const struct pmip6_event *ev, void *arg);
int pmip6_events_read(struct pmip6_genl *h, pmip6_event_cb cb, void *arg,
		      char *err, size_t errlen);
/* The same, but at most max datagrams (each may carry several
 * notifications): a poll loop's per-round budget. 0 when it stopped at
 * max with more possibly queued, as when none is left. */
int pmip6_events_read_max(struct pmip6_genl *h, pmip6_event_cb cb, void *arg,
			  unsigned int max, char *err, size_t errlen);

#endif /* PMIP6_USER_GENL_H */
