/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink for the pmip6 selftests: build any request byte by
 * byte (so that malformed ones can be sent), run one request/ACK exchange
 * and decode the extended ACK. No libnl: it would refuse, or fix, the very
 * mistakes the tests need to send.
 *
 * Offsets (rnl_put*() return values, struct rnl_ack offs and miss_nest)
 * count bytes from the start of the request's struct nlmsghdr, as the
 * kernel's NLMSGERR_ATTR_OFFS and NLMSGERR_ATTR_MISS_NEST do.
 */
#ifndef PMIP6_SELFTEST_RAWNL_H
#define PMIP6_SELFTEST_RAWNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#define RNL_BUFSIZE 8192

/* A request: nlmsghdr + genlmsghdr + whatever attributes are put. */
struct rnl_req {
	union {
		struct nlmsghdr nlh;
		unsigned char buf[RNL_BUFSIZE];
	} u;
};

/* What the kernel's NLMSG_ERROR (or NLMSG_DONE) said. */
struct rnl_ack {
	int error;			/* 0 or -errno */
	bool capped;			/* NLM_F_CAPPED */
	bool has_msg;
	char msg[256];			/* NLMSGERR_ATTR_MSG */
	bool has_offs;
	uint32_t offs;			/* NLMSGERR_ATTR_OFFS */
	bool has_miss_type;
	uint32_t miss_type;		/* NLMSGERR_ATTR_MISS_TYPE */
	bool has_miss_nest;
	uint32_t miss_nest;		/* NLMSGERR_ATTR_MISS_NEST */
};

/* One exchange: the first reply message of our sequence number, and the ACK. */
struct rnl_reply {
	bool has_msg;
	union {
		struct nlmsghdr nlh;
		unsigned char buf[RNL_BUFSIZE];
	} u;
	bool has_ack;
	struct rnl_ack ack;
};

struct rnl_sock {
	int fd;
	uint32_t seq;
};

/* Default request flags: a request that wants its ACK. */
#define RNL_F_DEFAULT (NLM_F_REQUEST | NLM_F_ACK)

/* Socket in the caller's current netns, NETLINK_EXT_ACK on, 5 s receive timeout. */
int rnl_open(struct rnl_sock *s);
void rnl_close(struct rnl_sock *s);

void rnl_req_init(struct rnl_req *r, uint16_t type, uint16_t flags, uint8_t cmd,
		  uint8_t version);
struct genlmsghdr *rnl_req_genl(struct rnl_req *r);

/* Put one attribute (type may carry NLA_F_* bits); returns its offset. */
size_t rnl_put(struct rnl_req *r, uint16_t type, const void *data, size_t len);
size_t rnl_put_u8(struct rnl_req *r, uint16_t type, uint8_t v);
size_t rnl_put_u32(struct rnl_req *r, uint16_t type, uint32_t v);
size_t rnl_put_u64(struct rnl_req *r, uint16_t type, uint64_t v);
size_t rnl_put_str(struct rnl_req *r, uint16_t type, const char *s);
/* Nest with NLA_F_NESTED set; rnl_nest_end() fixes its length. */
size_t rnl_nest_start(struct rnl_req *r, uint16_t type);
void rnl_nest_end(struct rnl_req *r, size_t nest);
/* Append raw bytes, unaligned, to the message (trailing garbage). */
void rnl_append(struct rnl_req *r, const void *data, size_t len);

/*
 * Send r (setting its sequence number), read until the ACK. Returns the
 * ACK's error (0 or -errno), or a negative errno of the exchange itself
 * with rep->has_ack false (e.g. -EAGAIN on timeout).
 */
int rnl_transact(struct rnl_sock *s, struct rnl_req *r, struct rnl_reply *rep);

/* Resolve a generic netlink family: its id and version. Returns 0 or -errno. */
int rnl_genl_resolve(struct rnl_sock *s, const char *name, uint16_t *id, uint32_t *version);

/* The attributes after the genlmsghdr of a reply; NULL if too short. */
const void *rnl_reply_attrs(const struct rnl_reply *rep, size_t *len);

/*
 * Index attributes by type (flag bits masked off) into tb[0..max]; types
 * above max are ignored. Returns 0, or -EINVAL if an attribute's length
 * runs past len or is below the header size.
 */
int rnl_parse(const void *data, size_t len, const struct nlattr **tb, unsigned int max);

static inline const void *rnl_attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static inline size_t rnl_attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

#endif /* PMIP6_SELFTEST_RAWNL_H */
