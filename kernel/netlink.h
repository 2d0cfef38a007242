/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pmip6 generic netlink family. Its ABI is include/uapi/linux/pmip6.h,
 * described by Documentation/netlink/specs/pmip6.yaml.
 *
 * netlink.c holds the family, the instance ops and what the object ops
 * share; netlink_bce.c, netlink_fmc.c, netlink_bul.c and netlink_ro.c the
 * ops of each object, netlink_event.c the notifications.
 */
#ifndef _PMIP6_NETLINK_H
#define _PMIP6_NETLINK_H

#include "binding.h"

#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

/*
 * Read-only attributes are listed as NLA_REJECT so that a client sending
 * one learns why it was refused instead of reading "Unsupported attribute".
 */
#define PMIP6_NL_READ_ONLY(name) {					\
	.type = NLA_REJECT,						\
	.reject_message = KBUILD_MODNAME ": " name " is read-only",	\
}

extern struct genl_family pmip6_genl_family;

/* Index of each group in pmip6_genl_mcgrps, as genlmsg_multicast*() want. */
enum pmip6_genl_mcgrp {
	PMIP6_GENL_MCGRP_EVENTS,
};

/*
 * RFC 5213 section 2.2 defines the LMAA and the Proxy-CoA as global
 * addresses: they are the endpoints of the bi-directional tunnel (RFC 5213
 * sections 5.6.1 and 6.10) across the PMIPv6 domain, so they must be
 * routable there.
 *
 * ipv6_addr_type() says exactly IPV6_ADDR_UNICAST for global unicast and
 * ORs in a flag for everything else: unspecified (0), multicast, loopback,
 * link-local, site-local (deprecated, RFC 3879), IPv4-compatible
 * (deprecated, RFC 4291 section 2.5.5.1) and IPv4-mapped. ULAs pass as
 * global unicast, as they should: a PMIPv6 domain is often private.
 */
static inline bool pmip6_addr_global_unicast(const struct in6_addr *addr)
{
	return ipv6_addr_type(addr) == IPV6_ADDR_UNICAST;
}

struct pmip6_net;

/* Called with pn->conf_lock held; see pmip6_nl_get_reply(). */
typedef int (*pmip6_nl_get_fill_t)(struct sk_buff *msg, struct pmip6_net *pn,
				   void *key, struct netlink_ext_ack *extack);
int pmip6_nl_get_reply(struct genl_info *info, u8 cmd, size_t size,
		       pmip6_nl_get_fill_t fill, void *key);

int pmip6_nl_counters_put(struct sk_buff *msg, int attrtype,
			  const struct pmip6_pcpu_counters __percpu *pc);
size_t pmip6_nl_counters_size(void);
void pmip6_nl_mn_key(struct pmip6_mn_key *key, const struct nlattr *attr);

/* The PMIP6_A_REGISTRATION_* nest of BCEs and BUL entries. */
extern const struct nla_policy
	pmip6_registration_policy[PMIP6_A_REGISTRATION_MAX + 1];
int pmip6_nl_registration_parse(struct pmip6_registration *reg,
				const struct nlattr *nest,
				struct netlink_ext_ack *extack);
int pmip6_nl_registration_put(struct sk_buff *msg, int attrtype,
			      const struct pmip6_registration *reg);
size_t pmip6_nl_registration_size(void);

extern const struct nla_policy pmip6_bce_req_policy[];
extern const struct nla_policy pmip6_bce_key_req_policy[];
int pmip6_nl_bce_new(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_bce_set(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_bce_del(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_bce_get(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_bce_dump(struct sk_buff *skb, struct netlink_callback *cb);

extern const struct nla_policy pmip6_fmc_req_policy[];
extern const struct nla_policy pmip6_fmc_key_req_policy[];
int pmip6_nl_fmc_new(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_fmc_set(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_fmc_del(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_fmc_get(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_fmc_dump(struct sk_buff *skb, struct netlink_callback *cb);

extern const struct nla_policy pmip6_nl_hnp64_policy[PMIP6_A_HNP_MAX + 1];
int pmip6_nl_hnp64(const struct nlattr *attr, struct in6_addr *prefix,
		   struct netlink_ext_ack *extack);

extern const struct nla_policy pmip6_bul_req_policy[];
extern const struct nla_policy pmip6_bul_key_req_policy[];
int pmip6_nl_bul_new(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_bul_set(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_bul_del(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_bul_get(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_bul_dump(struct sk_buff *skb, struct netlink_callback *cb);

extern const struct nla_policy pmip6_ro_req_policy[];
extern const struct nla_policy pmip6_ro_key_req_policy[];
int pmip6_nl_ro_new(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_ro_set(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_ro_del(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_ro_get(struct sk_buff *skb, struct genl_info *info);
int pmip6_nl_ro_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_event.c: notifications on the events group. */
typedef int (*pmip6_nl_ntf_fill_t)(struct sk_buff *msg, const void *obj);
struct sk_buff *pmip6_nl_ntf_build(struct pmip6_net *pn, u8 cmd, u8 change,
				   size_t size, pmip6_nl_ntf_fill_t fill,
				   const void *obj);
void pmip6_nl_ntf_send(struct pmip6_net *pn, struct sk_buff *msg);
void pmip6_nl_ntf_stop(void);

/*
 * State-change notifications of each object: _build() while the caller
 * holds conf_lock and the object is linked, pmip6_nl_ntf_send() after the
 * change; pmip6_nl_*_ntf() do both, for an object that stays.
 */
struct pmip6_fmc;
struct pmip6_bul;
struct pmip6_ro;
struct sk_buff *pmip6_nl_bce_ntf_build(struct pmip6_net *pn,
				       const struct pmip6_bce *bce, u8 change);
struct sk_buff *pmip6_nl_fmc_ntf_build(struct pmip6_net *pn,
				       const struct pmip6_fmc *fmc, u8 change);
struct sk_buff *pmip6_nl_bul_ntf_build(struct pmip6_net *pn,
				       const struct pmip6_bul *bul, u8 change);
struct sk_buff *pmip6_nl_ro_ntf_build(struct pmip6_net *pn,
				      const struct pmip6_ro *ro, u8 change);

static inline void pmip6_nl_fmc_ntf(struct pmip6_net *pn,
				    const struct pmip6_fmc *fmc, u8 change)
{
	pmip6_nl_ntf_send(pn, pmip6_nl_fmc_ntf_build(pn, fmc, change));
}

int pmip6_nl_mn_traffic_ntf(struct net *net, const struct pmip6_mn *src,
			    const struct in6_addr *saddr,
			    const struct pmip6_mn *dst,
			    const struct in6_addr *daddr);

int pmip6_genl_init(void);
void pmip6_genl_uninit(void);

#endif /* _PMIP6_NETLINK_H */
