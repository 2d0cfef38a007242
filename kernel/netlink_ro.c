// SPDX-License-Identifier: GPL-2.0
/*
 * Localized routing ops of the pmip6 family: RO_NEW, RO_SET, RO_DEL and
 * RO_GET (do and dump). Requests are validated completely before
 * conf_lock is taken.
 */

#include "compat.h"
#include "netlink.h"
#include "netns.h"
#include "ro.h"

#include <linux/pmip6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>

static const struct nla_policy ro_policy[PMIP6_A_RO_MAX + 1] = {
	[PMIP6_A_RO_SRC_HNP] = NLA_POLICY_NESTED(pmip6_nl_hnp64_policy),
	[PMIP6_A_RO_DST_HNP] = NLA_POLICY_NESTED(pmip6_nl_hnp64_policy),
	[PMIP6_A_RO_PEER_ADDR] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP6_A_RO_LIFETIME] = { .type = NLA_U32 },
	[PMIP6_A_RO_OWNER] = NLA_POLICY_RANGE(NLA_U8, PMIP6_RO_OWNER_CONTROLLER,
					      PMIP6_RO_OWNER_MAX),
	[PMIP6_A_RO_REMAINING] = PMIP6_NL_READ_ONLY("remaining"),
	[PMIP6_A_RO_COUNTERS] = PMIP6_NL_READ_ONLY("counters"),
};

/* DEL and GET name a state and nothing else. */
static const struct nla_policy ro_key_policy[PMIP6_A_RO_MAX + 1] = {
	[PMIP6_A_RO_SRC_HNP] = NLA_POLICY_NESTED(pmip6_nl_hnp64_policy),
	[PMIP6_A_RO_DST_HNP] = NLA_POLICY_NESTED(pmip6_nl_hnp64_policy),
};

const struct nla_policy pmip6_ro_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_RO] = NLA_POLICY_NESTED(ro_policy),
};

const struct nla_policy pmip6_ro_key_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_RO] = NLA_POLICY_NESTED(ro_key_policy),
};

/*
 * MAGs forward by the states (draft sections 4.1, 4.2); LMAs keep the
 * ones they control or triggered, to set them up again on handover
 * (sections 4.3, 4.4).
 */
static int role_check(struct pmip6_net *pn, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&pn->conf_lock);

	if (pn->role != PMIP6_ROLE_LMA && pn->role != PMIP6_ROLE_MAG) {
		NL_SET_ERR_MSG_MOD(extack,
				   "localized routing states need instance role lma or mag");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* A MAG's states are its own; an LMA is controller or trigger. */
static int owner_check(struct pmip6_net *pn, const struct pmip6_ro_cfg *cfg,
		       const struct nlattr *attr,
		       struct netlink_ext_ack *extack)
{
	bool mag = cfg->owner == PMIP6_RO_OWNER_MAG;

	lockdep_assert_held(&pn->conf_lock);

	if (mag && pn->role != PMIP6_ROLE_MAG) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    KBUILD_MODNAME
				    ": owner mag needs instance role mag");
		return -EINVAL;
	}
	if (!mag && pn->role != PMIP6_ROLE_LMA) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    KBUILD_MODNAME
				    ": owner controller or trigger needs instance role lma");
		return -EINVAL;
	}
	return 0;
}

/* Parses the PMIP6_A_RO nest into @tb and its key into @key. */
static int ro_parse_key(struct genl_info *info, struct nlattr **tb,
			const struct nla_policy *policy,
			struct pmip6_ro_key *key)
{
	struct netlink_ext_ack *extack = info->extack;
	struct in6_addr src, dst;
	struct nlattr *nest;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, PMIP6_A_RO)) {
		NL_SET_ERR_MSG_MOD(extack, "missing ro attribute");
		return -EINVAL;
	}
	nest = info->attrs[PMIP6_A_RO];
	/* The core validated the nest already; this only fills tb. */
	ret = nla_parse_nested(tb, PMIP6_A_RO_MAX, nest, policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_RO_SRC_HNP)) {
		NL_SET_ERR_MSG_MOD(extack, "missing src-hnp in ro");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_RO_DST_HNP)) {
		NL_SET_ERR_MSG_MOD(extack, "missing dst-hnp in ro");
		return -EINVAL;
	}
	ret = pmip6_nl_hnp64(tb[PMIP6_A_RO_SRC_HNP], &src, extack);
	if (ret)
		return ret;
	ret = pmip6_nl_hnp64(tb[PMIP6_A_RO_DST_HNP], &dst, extack);
	if (ret)
		return ret;
	key->src = pmip6_prefix64(&src);
	key->dst = pmip6_prefix64(&dst);
	return 0;
}

/* A whole state as NEW and SET take it. */
static int ro_parse(struct genl_info *info, struct nlattr **tb,
		    struct pmip6_ro_cfg *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest;
	int ret;

	ret = ro_parse_key(info, tb, ro_policy, &cfg->key);
	if (ret)
		return ret;
	nest = info->attrs[PMIP6_A_RO];
	if (cfg->key.src == cfg->key.dst) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_RO_DST_HNP],
				    KBUILD_MODNAME
				    ": source and destination HNP are the same");
		return -EINVAL;
	}

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_RO_PEER_ADDR)) {
		NL_SET_ERR_MSG_MOD(extack, "missing peer-addr in ro");
		return -EINVAL;
	}
	cfg->peer = nla_get_in6_addr(tb[PMIP6_A_RO_PEER_ADDR]);
	/* A Proxy-CoA, global like every tunnel end (RFC 5213 2.2). */
	if (!pmip6_addr_global_unicast(&cfg->peer)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_RO_PEER_ADDR],
				    KBUILD_MODNAME
				    ": peer-addr must be global unicast");
		return -EINVAL;
	}

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_RO_LIFETIME)) {
		NL_SET_ERR_MSG_MOD(extack, "missing lifetime in ro");
		return -EINVAL;
	}
	cfg->lifetime = nla_get_u32(tb[PMIP6_A_RO_LIFETIME]);
	/* A state that never applies is a delete: say so rather than guess. */
	if (!cfg->lifetime) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_RO_LIFETIME],
				    KBUILD_MODNAME
				    ": lifetime must be at least 1 s; use ro-del to remove a state");
		return -EINVAL;
	}

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_RO_OWNER)) {
		NL_SET_ERR_MSG_MOD(extack, "missing owner in ro");
		return -EINVAL;
	}
	cfg->owner = nla_get_u8(tb[PMIP6_A_RO_OWNER]);
	return 0;
}

typedef int (*ro_write_fn)(struct pmip6_net *pn,
			   const struct pmip6_ro_cfg *cfg,
			   struct netlink_ext_ack *extack);

static int ro_write(struct genl_info *info, ro_write_fn write, u8 change)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct nlattr *tb[PMIP6_A_RO_MAX + 1];
	struct pmip6_ro_cfg cfg = {};
	struct pmip6_ro *ro;
	int ret;

	ret = ro_parse(info, tb, &cfg);
	if (ret)
		return ret;

	mutex_lock(&pn->conf_lock);
	ret = role_check(pn, info->extack);
	if (!ret)
		ret = owner_check(pn, &cfg, tb[PMIP6_A_RO_OWNER], info->extack);
	if (!ret)
		ret = write(pn, &cfg, info->extack);
	if (!ret) {
		ro = pmip6_ro_find(pn, &cfg.key);
		pmip6_nl_ntf_send(pn, pmip6_nl_ro_ntf_build(pn, ro, change));
	}
	mutex_unlock(&pn->conf_lock);
	return ret;
}

int pmip6_nl_ro_new(struct sk_buff *skb, struct genl_info *info)
{
	return ro_write(info, pmip6_ro_new, PMIP6_CHANGE_NEW);
}

int pmip6_nl_ro_set(struct sk_buff *skb, struct genl_info *info)
{
	return ro_write(info, pmip6_ro_set, PMIP6_CHANGE_SET);
}

/* Finds the state @key names; the caller holds conf_lock. */
static struct pmip6_ro *ro_lookup(struct pmip6_net *pn,
				  const struct pmip6_ro_key *key,
				  struct netlink_ext_ack *extack)
{
	struct pmip6_ro *ro = pmip6_ro_find(pn, key);

	if (!ro)
		NL_SET_ERR_MSG_MOD(extack,
				   "no localized routing state for these prefixes");
	return ro;
}

int pmip6_nl_ro_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct nlattr *tb[PMIP6_A_RO_MAX + 1];
	struct pmip6_ro_key key;
	struct pmip6_ro *ro;
	int ret;

	ret = ro_parse_key(info, tb, ro_key_policy, &key);
	if (ret)
		return ret;

	mutex_lock(&pn->conf_lock);
	ret = role_check(pn, info->extack);
	if (!ret) {
		ro = ro_lookup(pn, &key, info->extack);
		if (ro)
			pmip6_ro_remove_ntf(pn, ro, PMIP6_CHANGE_DEL);
		else
			ret = -ENOENT;
	}
	mutex_unlock(&pn->conf_lock);
	return ret;
}

/* Upper bound of what ro_fill() puts, genetlink header excluded. */
static size_t ro_size(void)
{
	return nla_total_size(0) +					/* nest */
	       2 * (nla_total_size(0) +					/* hnps */
		    nla_total_size(sizeof(struct in6_addr)) +
		    nla_total_size(sizeof(u8))) +
	       nla_total_size(sizeof(struct in6_addr)) +		/* peer */
	       2 * nla_total_size(sizeof(u32)) +		/* lifetimes */
	       nla_total_size(sizeof(u8)) +				/* owner */
	       pmip6_nl_counters_size();
}

static int hnp_put(struct sk_buff *msg, int attrtype, u64 prefix64)
{
	struct in6_addr prefix = {};
	struct nlattr *hnp;

	memcpy(&prefix, &prefix64, sizeof(prefix64));
	hnp = nla_nest_start(msg, attrtype);
	if (!hnp ||
	    nla_put_in6_addr(msg, PMIP6_A_HNP_PREFIX, &prefix) ||
	    nla_put_u8(msg, PMIP6_A_HNP_PREFIX_LEN, 64))
		return -EMSGSIZE;
	nla_nest_end(msg, hnp);
	return 0;
}

static int ro_fill(struct sk_buff *msg, const struct pmip6_ro *ro)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, PMIP6_A_RO);
	if (!nest)
		return -EMSGSIZE;
	if (hnp_put(msg, PMIP6_A_RO_SRC_HNP, ro->key.src) ||
	    hnp_put(msg, PMIP6_A_RO_DST_HNP, ro->key.dst) ||
	    nla_put_in6_addr(msg, PMIP6_A_RO_PEER_ADDR, &ro->peer) ||
	    nla_put_u32(msg, PMIP6_A_RO_LIFETIME, ro->lifetime) ||
	    nla_put_u8(msg, PMIP6_A_RO_OWNER, ro->owner) ||
	    nla_put_u32(msg, PMIP6_A_RO_REMAINING, pmip6_ro_remaining(ro)) ||
	    pmip6_nl_counters_put(msg, PMIP6_A_RO_COUNTERS, ro->stats)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int ro_ntf_fill(struct sk_buff *msg, const void *obj)
{
	return ro_fill(msg, obj);
}

struct sk_buff *pmip6_nl_ro_ntf_build(struct pmip6_net *pn,
				      const struct pmip6_ro *ro, u8 change)
{
	return pmip6_nl_ntf_build(pn, PMIP6_CMD_RO_NTF, change, ro_size(),
				  ro_ntf_fill, ro);
}

static int ro_get_fill(struct sk_buff *msg, struct pmip6_net *pn,
		       void *key, struct netlink_ext_ack *extack)
{
	struct pmip6_ro *ro;
	int ret;

	ret = role_check(pn, extack);
	if (ret)
		return ret;
	ro = ro_lookup(pn, key, extack);
	return ro ? ro_fill(msg, ro) : -ENOENT;
}

int pmip6_nl_ro_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PMIP6_A_RO_MAX + 1];
	struct pmip6_ro_key key;
	int ret;

	ret = ro_parse_key(info, tb, ro_key_policy, &key);
	if (ret)
		return ret;
	return pmip6_nl_get_reply(info, PMIP6_CMD_RO_GET, ro_size(),
				  ro_get_fill, &key);
}

/* Dump cursor as for pmip6_nl_bul_dump(), over ro_xa. */
int pmip6_nl_ro_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pmip6_net *pn = pmip6_net_of(sock_net(skb->sk));
	unsigned long index = cb->args[0];
	struct pmip6_ro *ro;
	int ret = 0;
	void *hdr;

	if (cb->args[1])
		return 0;

	mutex_lock(&pn->conf_lock);
	cb->seq = pn->generation;
	xa_for_each_start(&pn->ro_xa, index, ro, index) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &pmip6_genl_family,
				  NLM_F_MULTI, PMIP6_CMD_RO_GET);
		if (!hdr) {
			ret = -EMSGSIZE;
			goto stop;
		}
		genl_dump_check_consistent(cb, hdr);
		ret = ro_fill(skb, ro);
		if (ret) {
			genlmsg_cancel(skb, hdr);
			goto stop;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[1] = 1;
	mutex_unlock(&pn->conf_lock);
	return skb->len;

stop:
	/* @ro did not fit: resume with it. */
	cb->args[0] = index;
	mutex_unlock(&pn->conf_lock);
	/* Nothing fit in an empty message: no point in retrying. */
	return skb->len ? skb->len : ret;
}
