// SPDX-License-Identifier: GPL-2.0
/*
 * Binding update list ops of the pmip6 family: BUL_NEW, BUL_SET, BUL_DEL
 * and BUL_GET (do and dump). As for BCEs, requests are parsed and
 * validated completely before conf_lock is taken; under the lock only
 * checks against the state remain, and those fail before anything changes.
 */

#include "compat.h"
#include "bul.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"

#include <linux/netdevice.h>
#include <linux/pmip6.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>

const struct nla_policy pmip6_nl_hnp64_policy[PMIP6_A_HNP_MAX + 1] = {
	[PMIP6_A_HNP_PREFIX] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP6_A_HNP_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy bul_policy[PMIP6_A_BUL_MAX + 1] = {
	[PMIP6_A_BUL_MN_ID] = NLA_POLICY_RANGE(NLA_BINARY, 1,
					       PMIP6_MN_ID_MAX_LEN),
	[PMIP6_A_BUL_LMA_ADDR] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP6_A_BUL_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[PMIP6_A_BUL_MN_LL_ADDR] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP6_A_BUL_HNP] = NLA_POLICY_NESTED(pmip6_nl_hnp64_policy),
	[PMIP6_A_BUL_OFFLINK_HNP] = NLA_POLICY_NESTED(pmip6_nl_hnp64_policy),
	[PMIP6_A_BUL_COUNTERS] = PMIP6_NL_READ_ONLY("counters"),
	[PMIP6_A_BUL_BID] = NLA_POLICY_MIN(NLA_U16, 1),
	[PMIP6_A_BUL_REGISTRATION] =
		NLA_POLICY_NESTED(pmip6_registration_policy),
};

/* DEL and GET name an entry and nothing else. */
static const struct nla_policy bul_key_policy[PMIP6_A_BUL_MAX + 1] = {
	[PMIP6_A_BUL_MN_ID] = NLA_POLICY_RANGE(NLA_BINARY, 1,
					       PMIP6_MN_ID_MAX_LEN),
};

const struct nla_policy pmip6_bul_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_BUL] = NLA_POLICY_NESTED(bul_policy),
};

const struct nla_policy pmip6_bul_key_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_BUL] = NLA_POLICY_NESTED(bul_key_policy),
};

/* The binding update list is the MAG's (RFC 5213 section 6.1). */
static int role_check(struct pmip6_net *pn, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&pn->conf_lock);

	if (pn->role != PMIP6_ROLE_MAG) {
		NL_SET_ERR_MSG_MOD(extack,
				   "binding update list entries need instance role mag");
		return -EOPNOTSUPP;
	}
	return 0;
}

/**
 * pmip6_nl_hnp64 - parse one PMIP6_A_HNP_* nest holding a /64
 * @attr: the nest, validated against pmip6_nl_hnp64_policy
 * @prefix: the prefix, host bits zero
 * @extack: why it was refused
 *
 * Only /64, as for BCEs: the packet path hashes the first 64 bits.
 */
int pmip6_nl_hnp64(const struct nlattr *attr, struct in6_addr *prefix,
		   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PMIP6_A_HNP_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, PMIP6_A_HNP_MAX, attr,
			       pmip6_nl_hnp64_policy, extack);
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
	*prefix = nla_get_in6_addr(tb[PMIP6_A_HNP_PREFIX]);
	if (nla_get_u8(tb[PMIP6_A_HNP_PREFIX_LEN]) != 64) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_HNP_PREFIX_LEN],
				    KBUILD_MODNAME
				    ": only /64 home network prefixes are supported");
		return -EINVAL;
	}
	if (prefix->s6_addr32[2] || prefix->s6_addr32[3]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_HNP_PREFIX],
				    KBUILD_MODNAME
				    ": prefix has bits set beyond its length");
		return -EINVAL;
	}
	if (!pmip6_addr_global_unicast(prefix)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_HNP_PREFIX],
				    KBUILD_MODNAME
				    ": home network prefix must be global unicast");
		return -EINVAL;
	}
	return 0;
}

/* Parses the PMIP6_A_BUL nest into @tb and requires MN_ID. */
static int bul_parse_key(struct genl_info *info, struct nlattr **tb,
			 const struct nla_policy *policy)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, PMIP6_A_BUL)) {
		NL_SET_ERR_MSG_MOD(extack, "missing bul attribute");
		return -EINVAL;
	}
	nest = info->attrs[PMIP6_A_BUL];
	/* The core validated the nest already; this only fills tb. */
	ret = nla_parse_nested(tb, PMIP6_A_BUL_MAX, nest, policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_BUL_MN_ID)) {
		NL_SET_ERR_MSG_MOD(extack, "missing mn-id in bul");
		return -EINVAL;
	}
	return 0;
}

/* Is @p listed in @cfg already, on-link or off-link? */
static bool prefix_seen(const struct pmip6_bul_cfg *cfg,
			const struct in6_addr *p, bool *offlink)
{
	unsigned int i;

	for (i = 0; i < cfg->n_onlink; i++) {
		if (ipv6_addr_equal(&cfg->onlink[i], p)) {
			*offlink = false;
			return true;
		}
	}
	for (i = 0; i < cfg->n_offlink; i++) {
		if (ipv6_addr_equal(&cfg->offlink[i], p)) {
			*offlink = true;
			return true;
		}
	}
	return false;
}

/* One on-link (PMIP6_A_BUL_HNP) or off-link HNP nest. */
static int bul_hnp_parse(struct pmip6_bul_cfg *cfg, const struct nlattr *attr,
			 bool offlink, struct netlink_ext_ack *extack)
{
	u8 *n = offlink ? &cfg->n_offlink : &cfg->n_onlink;
	struct in6_addr prefix;
	bool seen_offlink;
	int ret;

	if (*n == PMIP6_BUL_HNP_MAX) {
		if (offlink)
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    KBUILD_MODNAME
					    ": too many off-link HNPs in bul");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    KBUILD_MODNAME ": too many HNPs in bul");
		return -EINVAL;
	}
	ret = pmip6_nl_hnp64(attr, &prefix, extack);
	if (ret)
		return ret;
	if (prefix_seen(cfg, &prefix, &seen_offlink)) {
		/* RFC 7864 section 4.1: hosted on-link, or not (L flag). */
		if (seen_offlink == offlink)
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    KBUILD_MODNAME ": duplicate HNP in bul");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    KBUILD_MODNAME
					    ": HNP is both on-link and off-link");
		return -EINVAL;
	}
	if (offlink) {
		cfg->offlink[*n] = prefix;
		cfg->offlink_attr[*n] = attr;
	} else {
		cfg->onlink[*n] = prefix;
		cfg->onlink_attr[*n] = attr;
	}
	(*n)++;
	return 0;
}

/* A whole BUL entry as NEW and SET take it. */
static int bul_parse(struct genl_info *info, struct pmip6_bul_cfg *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[PMIP6_A_BUL_MAX + 1], *nest;
	const struct nlattr *attr;
	u32 ifindex;
	int ret, rem;

	ret = bul_parse_key(info, tb, bul_policy);
	if (ret)
		return ret;
	nest = info->attrs[PMIP6_A_BUL];
	pmip6_nl_mn_key(&cfg->key, tb[PMIP6_A_BUL_MN_ID]);

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_BUL_LMA_ADDR)) {
		NL_SET_ERR_MSG_MOD(extack, "missing lma-addr in bul");
		return -EINVAL;
	}
	cfg->lma_addr = nla_get_in6_addr(tb[PMIP6_A_BUL_LMA_ADDR]);
	/* RFC 5213 section 2.2: the LMAA is the tunnel's routable end. */
	if (!pmip6_addr_global_unicast(&cfg->lma_addr)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_BUL_LMA_ADDR],
				    KBUILD_MODNAME
				    ": lma-addr must be global unicast");
		return -EINVAL;
	}

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_BUL_IFINDEX)) {
		NL_SET_ERR_MSG_MOD(extack, "missing ifindex in bul");
		return -EINVAL;
	}
	ifindex = nla_get_u32(tb[PMIP6_A_BUL_IFINDEX]);
	if (ifindex > INT_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_BUL_IFINDEX],
				    KBUILD_MODNAME ": no interface with this ifindex");
		return -ENODEV;
	}
	cfg->ifindex = ifindex;
	cfg->ifindex_attr = tb[PMIP6_A_BUL_IFINDEX];

	if (tb[PMIP6_A_BUL_MN_LL_ADDR]) {
		cfg->mn_ll_addr = nla_get_in6_addr(tb[PMIP6_A_BUL_MN_LL_ADDR]);
		if (!(ipv6_addr_type(&cfg->mn_ll_addr) & IPV6_ADDR_LINKLOCAL) ||
		    ipv6_addr_is_multicast(&cfg->mn_ll_addr)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_BUL_MN_LL_ADDR],
					    KBUILD_MODNAME
					    ": mn-ll-addr must be link-local unicast");
			return -EINVAL;
		}
	}

	if (tb[PMIP6_A_BUL_BID])
		cfg->bid = nla_get_u16(tb[PMIP6_A_BUL_BID]);
	if (tb[PMIP6_A_BUL_REGISTRATION]) {
		ret = pmip6_nl_registration_parse(&cfg->reg,
						  tb[PMIP6_A_BUL_REGISTRATION],
						  extack);
		if (ret)
			return ret;
	}

	/* tb[] keeps only the last of each: walk the nest for all of them. */
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != PMIP6_A_BUL_HNP &&
		    nla_type(attr) != PMIP6_A_BUL_OFFLINK_HNP)
			continue;
		ret = bul_hnp_parse(cfg, attr,
				    nla_type(attr) == PMIP6_A_BUL_OFFLINK_HNP,
				    extack);
		if (ret)
			return ret;
	}
	/* RFC 5213 section 6.1: the MN has at least one on-link HNP. */
	if (!cfg->n_onlink) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    KBUILD_MODNAME
				    ": bul needs at least one on-link hnp");
		return -EINVAL;
	}
	return 0;
}

typedef int (*bul_write_fn)(struct pmip6_net *pn,
			    const struct pmip6_bul_cfg *cfg,
			    struct netlink_ext_ack *extack);

static int bul_write(struct genl_info *info, bul_write_fn write)
{
	struct net *net = genl_info_net(info);
	struct pmip6_net *pn = pmip6_net_of(net);
	struct pmip6_bul_cfg *cfg;
	bool dev_ok;
	int ret;

	/* About 1 KiB: too much for the stack. */
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	ret = bul_parse(info, cfg);
	if (ret)
		goto out;

	mutex_lock(&pn->conf_lock);
	ret = role_check(pn, info->extack);
	if (ret)
		goto unlock;
	/*
	 * The access interface must exist now. It may go later: the packet
	 * path then finds no device by the index and drops.
	 */
	rcu_read_lock();
	dev_ok = dev_get_by_index_rcu(net, cfg->ifindex);
	rcu_read_unlock();
	if (!dev_ok) {
		NL_SET_ERR_MSG_ATTR(info->extack, cfg->ifindex_attr,
				    KBUILD_MODNAME
				    ": no interface with this ifindex");
		ret = -ENODEV;
		goto unlock;
	}
	/* Sends its notifications itself, before those of FMC entries. */
	ret = write(pn, cfg, info->extack);
unlock:
	mutex_unlock(&pn->conf_lock);
out:
	kfree(cfg);
	return ret;
}

int pmip6_nl_bul_new(struct sk_buff *skb, struct genl_info *info)
{
	return bul_write(info, pmip6_bul_new);
}

int pmip6_nl_bul_set(struct sk_buff *skb, struct genl_info *info)
{
	return bul_write(info, pmip6_bul_set);
}

/* Finds the entry the key of @tb names; the caller holds conf_lock. */
static struct pmip6_bul *bul_lookup(struct pmip6_net *pn, struct nlattr **tb,
				    struct netlink_ext_ack *extack)
{
	struct pmip6_mn_key key;
	struct pmip6_bul *bul;

	pmip6_nl_mn_key(&key, tb[PMIP6_A_BUL_MN_ID]);
	bul = pmip6_bul_find(pn, &key);
	if (!bul)
		NL_SET_ERR_MSG_MOD(extack, "no BUL entry with this MN-ID");
	return bul;
}

int pmip6_nl_bul_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct nlattr *tb[PMIP6_A_BUL_MAX + 1];
	struct pmip6_fmc_batch *batch = NULL;
	struct pmip6_bul *bul;
	struct pmip6_mn *mn;
	struct sk_buff *ntf;
	int ret;

	ret = bul_parse_key(info, tb, bul_key_policy);
	if (ret)
		return ret;

	mutex_lock(&pn->conf_lock);
	ret = role_check(pn, info->extack);
	if (ret)
		goto out;
	bul = bul_lookup(pn, tb, info->extack);
	if (!bul) {
		ret = -ENOENT;
		goto out;
	}
	/*
	 * The MN's FMC entries naming the entry's BID become inactive (RFC
	 * 7864 section 5.2); their copies are allocated first, so the delete
	 * happens whole or not at all.
	 */
	mn = pmip6_mn_find(pn, &bul->key);
	if (mn) {
		ret = pmip6_fmc_active_prepare(mn, bul->bid, 0, &batch);
		if (ret)
			goto out;
	}
	/* The entry as it was, while it is still linked. */
	ntf = pmip6_nl_bul_ntf_build(pn, bul, PMIP6_CHANGE_DEL);
	pmip6_bul_remove(pn, bul);
	pmip6_nl_ntf_send(pn, ntf);
	pmip6_fmc_active_commit(pn, batch);
out:
	mutex_unlock(&pn->conf_lock);
	return ret;
}

/* Upper bound of what bul_fill() puts, genetlink header excluded. */
static size_t bul_size(void)
{
	return nla_total_size(0) +					/* nest */
	       nla_total_size(PMIP6_MN_ID_MAX_LEN) +
	       2 * nla_total_size(sizeof(struct in6_addr)) +	/* lma, ll */
	       nla_total_size(sizeof(u32)) +				/* ifindex */
	       nla_total_size(sizeof(u16)) +				/* bid */
	       2 * PMIP6_BUL_HNP_MAX *
		(nla_total_size(0) + nla_total_size(sizeof(struct in6_addr)) +
		 nla_total_size(sizeof(u8))) +
	       pmip6_nl_counters_size() + pmip6_nl_registration_size();
}

static int hnps_put(struct sk_buff *msg, int attrtype,
		    const struct in6_addr *prefix, unsigned int n)
{
	struct nlattr *hnp;
	unsigned int i;

	for (i = 0; i < n; i++) {
		hnp = nla_nest_start(msg, attrtype);
		if (!hnp ||
		    nla_put_in6_addr(msg, PMIP6_A_HNP_PREFIX, &prefix[i]) ||
		    nla_put_u8(msg, PMIP6_A_HNP_PREFIX_LEN, 64))
			return -EMSGSIZE;
		nla_nest_end(msg, hnp);
	}
	return 0;
}

static int bul_fill(struct sk_buff *msg, const struct pmip6_bul *bul)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, PMIP6_A_BUL);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, PMIP6_A_BUL_MN_ID, bul->key.len, bul->key.id) ||
	    nla_put_in6_addr(msg, PMIP6_A_BUL_LMA_ADDR, &bul->lma_addr) ||
	    nla_put_u32(msg, PMIP6_A_BUL_IFINDEX, bul->ifindex) ||
	    (bul->bid && nla_put_u16(msg, PMIP6_A_BUL_BID, bul->bid)) ||
	    (!ipv6_addr_any(&bul->mn_ll_addr) &&
	     nla_put_in6_addr(msg, PMIP6_A_BUL_MN_LL_ADDR, &bul->mn_ll_addr)) ||
	    hnps_put(msg, PMIP6_A_BUL_HNP, bul->onlink, bul->n_onlink) ||
	    hnps_put(msg, PMIP6_A_BUL_OFFLINK_HNP, bul->offlink,
		     bul->n_offlink) ||
	    pmip6_nl_counters_put(msg, PMIP6_A_BUL_COUNTERS, bul->stats) ||
	    pmip6_nl_registration_put(msg, PMIP6_A_BUL_REGISTRATION,
				      &bul->reg)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int bul_ntf_fill(struct sk_buff *msg, const void *obj)
{
	return bul_fill(msg, obj);
}

struct sk_buff *pmip6_nl_bul_ntf_build(struct pmip6_net *pn,
				       const struct pmip6_bul *bul, u8 change)
{
	return pmip6_nl_ntf_build(pn, PMIP6_CMD_BUL_NTF, change, bul_size(),
				  bul_ntf_fill, bul);
}

static int bul_get_fill(struct sk_buff *msg, struct pmip6_net *pn,
			void *key, struct netlink_ext_ack *extack)
{
	struct pmip6_bul *bul;
	int ret;

	ret = role_check(pn, extack);
	if (ret)
		return ret;
	bul = bul_lookup(pn, key, extack);
	return bul ? bul_fill(msg, bul) : -ENOENT;
}

int pmip6_nl_bul_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PMIP6_A_BUL_MAX + 1];
	int ret;

	ret = bul_parse_key(info, tb, bul_key_policy);
	if (ret)
		return ret;
	return pmip6_nl_get_reply(info, PMIP6_CMD_BUL_GET, bul_size(),
				  bul_get_fill, tb);
}

/*
 * Dump cursor in cb->args: [0] index in bul_xa to resume at, [1] nonzero
 * once all were sent. The cursor is only meaningful while the generation
 * is unchanged; when it changed, genl_dump_check_consistent() flags the
 * dump NLM_F_DUMP_INTR and the client starts over.
 */
int pmip6_nl_bul_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pmip6_net *pn = pmip6_net_of(sock_net(skb->sk));
	unsigned long index = cb->args[0];
	struct pmip6_bul *bul;
	int ret = 0;
	void *hdr;

	if (cb->args[1])
		return 0;

	mutex_lock(&pn->conf_lock);
	cb->seq = pn->generation;
	xa_for_each_start(&pn->bul_xa, index, bul, index) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &pmip6_genl_family,
				  NLM_F_MULTI, PMIP6_CMD_BUL_GET);
		if (!hdr) {
			ret = -EMSGSIZE;
			goto stop;
		}
		genl_dump_check_consistent(cb, hdr);
		ret = bul_fill(skb, bul);
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
	/* @bul did not fit: resume with it. */
	cb->args[0] = index;
	mutex_unlock(&pn->conf_lock);
	/* Nothing fit in an empty message: no point in retrying. */
	return skb->len ? skb->len : ret;
}
