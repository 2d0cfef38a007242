// SPDX-License-Identifier: GPL-2.0
/*
 * Binding cache ops of the pmip6 family: BCE_NEW, BCE_SET, BCE_DEL and
 * BCE_GET (do and dump). Requests are parsed and validated completely
 * before conf_lock is taken; under the lock only checks against the state
 * remain, and those fail before anything changes.
 */

#include "compat.h"
#include "binding.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"

#include <linux/pmip6.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>

static const struct nla_policy hnp_policy[PMIP6_A_HNP_MAX + 1] = {
	[PMIP6_A_HNP_PREFIX] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP6_A_HNP_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy bce_policy[PMIP6_A_BCE_MAX + 1] = {
	[PMIP6_A_BCE_MN_ID] = NLA_POLICY_RANGE(NLA_BINARY, 1,
					       PMIP6_MN_ID_MAX_LEN),
	[PMIP6_A_BCE_BID] = NLA_POLICY_MIN(NLA_U16, 1),
	[PMIP6_A_BCE_BID_PRI] = NLA_POLICY_MAX(NLA_U8, PMIP6_BID_PRI_MAX),
	[PMIP6_A_BCE_ATT] = { .type = NLA_U8 },
	[PMIP6_A_BCE_MN_LL_ID] = { .type = NLA_BINARY,
				   .len = PMIP6_MN_LL_ID_MAX_LEN },
	[PMIP6_A_BCE_PROXY_COA] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP6_A_BCE_HNP] = NLA_POLICY_NESTED(hnp_policy),
	[PMIP6_A_BCE_COUNTERS] = PMIP6_NL_READ_ONLY("counters"),
	[PMIP6_A_BCE_REGISTRATION] =
		NLA_POLICY_NESTED(pmip6_registration_policy),
};

/* DEL and GET name an entry and nothing else. */
static const struct nla_policy bce_key_policy[PMIP6_A_BCE_MAX + 1] = {
	[PMIP6_A_BCE_MN_ID] = NLA_POLICY_RANGE(NLA_BINARY, 1,
					       PMIP6_MN_ID_MAX_LEN),
	[PMIP6_A_BCE_BID] = NLA_POLICY_MIN(NLA_U16, 1),
};

const struct nla_policy pmip6_bce_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_BCE] = NLA_POLICY_NESTED(bce_policy),
};

const struct nla_policy pmip6_bce_key_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_BCE] = NLA_POLICY_NESTED(bce_key_policy),
};

/* The binding cache is the LMA's (RFC 5213 section 5.1). */
static int role_check(struct pmip6_net *pn, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&pn->conf_lock);

	if (pn->role != PMIP6_ROLE_LMA) {
		NL_SET_ERR_MSG_MOD(extack,
				   "binding cache entries need instance role lma");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Parses the PMIP6_A_BCE nest into @tb and requires MN_ID and BID. */
static int bce_parse_key(struct genl_info *info, struct nlattr **tb,
			 const struct nla_policy *policy)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, PMIP6_A_BCE)) {
		NL_SET_ERR_MSG_MOD(extack, "missing bce attribute");
		return -EINVAL;
	}
	nest = info->attrs[PMIP6_A_BCE];
	/* The core validated the nest already; this only fills tb. */
	ret = nla_parse_nested(tb, PMIP6_A_BCE_MAX, nest, policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_BCE_MN_ID)) {
		NL_SET_ERR_MSG_MOD(extack, "missing mn-id in bce");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_BCE_BID)) {
		NL_SET_ERR_MSG_MOD(extack, "missing bid in bce");
		return -EINVAL;
	}
	return 0;
}

/*
 * One HNP nest. Only /64 for now: the packet path finds the MN of a
 * destination by hashing its first 64 bits (RFC 5213 section 2.2 lets an
 * LMA assign prefixes of any length, but /64 is what SLAAC on the MN's
 * link needs, RFC 4862 section 5.5.3).
 */
static int hnp_parse(struct pmip6_bce_cfg *cfg, const struct nlattr *attr,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PMIP6_A_HNP_MAX + 1];
	struct pmip6_hnp *hnp;
	unsigned int i;
	int ret;

	if (cfg->n_hnp == PMIP6_BCE_HNP_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    KBUILD_MODNAME ": too many HNPs in bce");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, PMIP6_A_HNP_MAX, attr, hnp_policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, PMIP6_A_HNP_PREFIX)) {
		NL_SET_ERR_MSG_MOD(extack, "missing prefix in hnp");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, PMIP6_A_HNP_PREFIX_LEN)) {
		NL_SET_ERR_MSG_MOD(extack, "missing prefix-len in hnp");
		return -EINVAL;
	}

	hnp = &cfg->hnp[cfg->n_hnp];
	hnp->prefix = nla_get_in6_addr(tb[PMIP6_A_HNP_PREFIX]);
	hnp->len = nla_get_u8(tb[PMIP6_A_HNP_PREFIX_LEN]);
	if (hnp->len != 64) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_HNP_PREFIX_LEN],
				    KBUILD_MODNAME
				    ": only /64 home network prefixes are supported");
		return -EINVAL;
	}
	if (hnp->prefix.s6_addr32[2] || hnp->prefix.s6_addr32[3]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_HNP_PREFIX],
				    KBUILD_MODNAME
				    ": prefix has bits set beyond its length");
		return -EINVAL;
	}
	if (!pmip6_addr_global_unicast(&hnp->prefix)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_HNP_PREFIX],
				    KBUILD_MODNAME
				    ": home network prefix must be global unicast");
		return -EINVAL;
	}
	for (i = 0; i < cfg->n_hnp; i++) {
		if (ipv6_addr_equal(&cfg->hnp[i].prefix, &hnp->prefix)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    KBUILD_MODNAME ": duplicate HNP in bce");
			return -EINVAL;
		}
	}
	cfg->hnp_attr[cfg->n_hnp++] = attr;
	return 0;
}

/* A whole BCE as NEW and SET take it. */
static int bce_parse(struct genl_info *info, struct pmip6_bce_cfg *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[PMIP6_A_BCE_MAX + 1];
	const struct nlattr *attr;
	int ret, rem;

	ret = bce_parse_key(info, tb, bce_policy);
	if (ret)
		return ret;
	pmip6_nl_mn_key(&cfg->key, tb[PMIP6_A_BCE_MN_ID]);
	cfg->bid = nla_get_u16(tb[PMIP6_A_BCE_BID]);
	if (tb[PMIP6_A_BCE_BID_PRI])
		cfg->bid_pri = nla_get_u8(tb[PMIP6_A_BCE_BID_PRI]);
	if (tb[PMIP6_A_BCE_ATT])
		cfg->att = nla_get_u8(tb[PMIP6_A_BCE_ATT]);
	if (tb[PMIP6_A_BCE_MN_LL_ID]) {
		cfg->ll_id_len = nla_len(tb[PMIP6_A_BCE_MN_LL_ID]);
		memcpy(cfg->ll_id, nla_data(tb[PMIP6_A_BCE_MN_LL_ID]),
		       cfg->ll_id_len);
	}

	if (NL_REQ_ATTR_CHECK(extack, info->attrs[PMIP6_A_BCE], tb,
			      PMIP6_A_BCE_PROXY_COA)) {
		NL_SET_ERR_MSG_MOD(extack, "missing proxy-coa in bce");
		return -EINVAL;
	}
	cfg->proxy_coa = nla_get_in6_addr(tb[PMIP6_A_BCE_PROXY_COA]);
	if (!pmip6_addr_global_unicast(&cfg->proxy_coa)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_BCE_PROXY_COA],
				    KBUILD_MODNAME
				    ": proxy-coa must be global unicast");
		return -EINVAL;
	}

	if (tb[PMIP6_A_BCE_REGISTRATION]) {
		ret = pmip6_nl_registration_parse(&cfg->reg,
						  tb[PMIP6_A_BCE_REGISTRATION],
						  extack);
		if (ret)
			return ret;
	}

	/* tb[] keeps only the last HNP: walk the nest for all of them. */
	nla_for_each_nested(attr, info->attrs[PMIP6_A_BCE], rem) {
		if (nla_type(attr) != PMIP6_A_BCE_HNP)
			continue;
		ret = hnp_parse(cfg, attr, extack);
		if (ret)
			return ret;
	}
	if (!cfg->n_hnp) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[PMIP6_A_BCE],
				    KBUILD_MODNAME ": bce needs at least one hnp");
		return -EINVAL;
	}
	return 0;
}

typedef int (*bce_write_fn)(struct pmip6_net *pn,
			    const struct pmip6_bce_cfg *cfg,
			    struct netlink_ext_ack *extack);

static int bce_write(struct genl_info *info, bce_write_fn write)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct pmip6_bce_cfg *cfg;
	int ret;

	/* About 700 bytes: too much for the stack. */
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	ret = bce_parse(info, cfg);
	if (ret)
		goto out;

	mutex_lock(&pn->conf_lock);
	ret = role_check(pn, info->extack);
	if (!ret)
		ret = write(pn, cfg, info->extack);
	mutex_unlock(&pn->conf_lock);
out:
	kfree(cfg);
	return ret;
}

int pmip6_nl_bce_new(struct sk_buff *skb, struct genl_info *info)
{
	return bce_write(info, pmip6_bce_new);
}

int pmip6_nl_bce_set(struct sk_buff *skb, struct genl_info *info)
{
	return bce_write(info, pmip6_bce_set);
}

/* Finds the BCE the key of @tb names; the caller holds conf_lock. */
static struct pmip6_bce *bce_lookup(struct pmip6_net *pn, struct nlattr **tb,
				    struct netlink_ext_ack *extack)
{
	struct pmip6_mn_key key;
	struct pmip6_bce *bce = NULL;
	struct pmip6_mn *mn;

	pmip6_nl_mn_key(&key, tb[PMIP6_A_BCE_MN_ID]);
	mn = pmip6_mn_find(pn, &key);
	if (mn)
		bce = pmip6_bce_find(mn, nla_get_u16(tb[PMIP6_A_BCE_BID]));
	if (!bce)
		NL_SET_ERR_MSG_MOD(extack, "no BCE with this MN-ID and BID");
	return bce;
}

int pmip6_nl_bce_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct nlattr *tb[PMIP6_A_BCE_MAX + 1];
	struct pmip6_fmc_batch *batch;
	struct pmip6_bce *bce;
	struct pmip6_mn *mn;
	struct sk_buff *ntf;
	int ret;

	ret = bce_parse_key(info, tb, bce_key_policy);
	if (ret)
		return ret;

	mutex_lock(&pn->conf_lock);
	ret = role_check(pn, info->extack);
	if (ret)
		goto out;
	bce = bce_lookup(pn, tb, info->extack);
	if (!bce) {
		ret = -ENOENT;
		goto out;
	}
	mn = bce->mn;
	/*
	 * FMC entries left with no BID that has a BCE become inactive (RFC
	 * 7864 section 5.2); their copies are allocated first, so the
	 * delete either happens whole or not at all.
	 */
	ret = pmip6_fmc_active_prepare(mn, bce->bid, 0, &batch);
	if (ret)
		goto out;
	/* The BCE as it was, while it is still linked. */
	ntf = pmip6_nl_bce_ntf_build(pn, bce, PMIP6_CHANGE_DEL);
	pmip6_bce_remove(pn, bce);
	pmip6_nl_ntf_send(pn, ntf);
	pmip6_fmc_active_commit(pn, batch);
	pmip6_mn_remove_if_unused(pn, mn);
out:
	mutex_unlock(&pn->conf_lock);
	return ret;
}

/* Upper bound of what bce_fill() puts, genetlink header excluded. */
static size_t bce_size(void)
{
	return nla_total_size(0) +					/* nest */
	       nla_total_size(PMIP6_MN_ID_MAX_LEN) +
	       nla_total_size(sizeof(u16)) +				/* bid */
	       2 * nla_total_size(sizeof(u8)) +			/* pri, att */
	       nla_total_size(PMIP6_MN_LL_ID_MAX_LEN) +
	       nla_total_size(sizeof(struct in6_addr)) +		/* coa */
	       PMIP6_BCE_HNP_MAX *
		(nla_total_size(0) + nla_total_size(sizeof(struct in6_addr)) +
		 nla_total_size(sizeof(u8))) +
	       pmip6_nl_counters_size() + pmip6_nl_registration_size();
}

static int bce_fill(struct sk_buff *msg, const struct pmip6_bce *bce)
{
	struct nlattr *nest, *hnp;
	unsigned int i;

	nest = nla_nest_start(msg, PMIP6_A_BCE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, PMIP6_A_BCE_MN_ID, bce->mn->key.len,
		    bce->mn->key.id) ||
	    nla_put_u16(msg, PMIP6_A_BCE_BID, bce->bid) ||
	    nla_put_u8(msg, PMIP6_A_BCE_BID_PRI, bce->bid_pri) ||
	    nla_put_u8(msg, PMIP6_A_BCE_ATT, bce->att) ||
	    (bce->ll_id_len &&
	     nla_put(msg, PMIP6_A_BCE_MN_LL_ID, bce->ll_id_len, bce->ll_id)) ||
	    nla_put_in6_addr(msg, PMIP6_A_BCE_PROXY_COA, &bce->proxy_coa))
		goto err_cancel;
	for (i = 0; i < bce->n_hnp; i++) {
		hnp = nla_nest_start(msg, PMIP6_A_BCE_HNP);
		if (!hnp ||
		    nla_put_in6_addr(msg, PMIP6_A_HNP_PREFIX,
				     &bce->hnp[i].prefix) ||
		    nla_put_u8(msg, PMIP6_A_HNP_PREFIX_LEN, bce->hnp[i].len))
			goto err_cancel;
		nla_nest_end(msg, hnp);
	}
	if (pmip6_nl_counters_put(msg, PMIP6_A_BCE_COUNTERS, bce->stats) ||
	    pmip6_nl_registration_put(msg, PMIP6_A_BCE_REGISTRATION, &bce->reg))
		goto err_cancel;
	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int bce_ntf_fill(struct sk_buff *msg, const void *obj)
{
	return bce_fill(msg, obj);
}

struct sk_buff *pmip6_nl_bce_ntf_build(struct pmip6_net *pn,
				       const struct pmip6_bce *bce, u8 change)
{
	return pmip6_nl_ntf_build(pn, PMIP6_CMD_BCE_NTF, change, bce_size(),
				  bce_ntf_fill, bce);
}

static int bce_get_fill(struct sk_buff *msg, struct pmip6_net *pn,
			void *key, struct netlink_ext_ack *extack)
{
	struct pmip6_bce *bce;
	int ret;

	ret = role_check(pn, extack);
	if (ret)
		return ret;
	bce = bce_lookup(pn, key, extack);
	return bce ? bce_fill(msg, bce) : -ENOENT;
}

int pmip6_nl_bce_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PMIP6_A_BCE_MAX + 1];
	int ret;

	ret = bce_parse_key(info, tb, bce_key_policy);
	if (ret)
		return ret;
	return pmip6_nl_get_reply(info, PMIP6_CMD_BCE_GET, bce_size(),
				  bce_get_fill, tb);
}

/*
 * Dump cursor in cb->args: [0] index of the MN to resume at in mn_xa,
 * [1] how many of its BCEs were sent, [2] nonzero once all were. The
 * cursor is only meaningful while the generation is unchanged; when it
 * changed, genl_dump_check_consistent() flags the dump NLM_F_DUMP_INTR
 * and the client starts over.
 */
int pmip6_nl_bce_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pmip6_net *pn = pmip6_net_of(sock_net(skb->sk));
	unsigned long index = cb->args[0], skip = cb->args[1], pos;
	struct pmip6_bce *bce;
	struct pmip6_mn *mn;
	int ret = 0;
	void *hdr;

	if (cb->args[2])
		return 0;

	mutex_lock(&pn->conf_lock);
	cb->seq = pn->generation;
	xa_for_each_start(&pn->mn_xa, index, mn, index) {
		pos = 0;
		list_for_each_entry(bce, &mn->bces, mn_node) {
			if (pos++ < skip)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq,
					  &pmip6_genl_family, NLM_F_MULTI,
					  PMIP6_CMD_BCE_GET);
			if (!hdr) {
				ret = -EMSGSIZE;
				goto stop;
			}
			genl_dump_check_consistent(cb, hdr);
			ret = bce_fill(skb, bce);
			if (ret) {
				genlmsg_cancel(skb, hdr);
				goto stop;
			}
			genlmsg_end(skb, hdr);
		}
		skip = 0;
	}
	cb->args[2] = 1;
	mutex_unlock(&pn->conf_lock);
	return skb->len;

stop:
	/* @bce did not fit: resume with it. */
	cb->args[0] = index;
	cb->args[1] = pos - 1;
	mutex_unlock(&pn->conf_lock);
	/* Nothing fit in an empty message: no point in retrying. */
	return skb->len ? skb->len : ret;
}
