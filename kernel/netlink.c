// SPDX-License-Identifier: GPL-2.0
/*
 * The pmip6 generic netlink family.
 *
 * Documentation/netlink/specs/pmip6.yaml is the single description of the
 * family; the policies and replies here follow it. Rules:
 *  - every op is validated strictly against its own policy, and an op
 *    without request attributes gets the core's reject-all policy;
 *  - every op needs CAP_NET_ADMIN in the user namespace owning the
 *    netns, and acts on the netns of the requesting socket only;
 *  - every rejection made here carries an extack message and, where an
 *    attribute is at fault, points at it (or names the missing one).
 */

#include "compat.h"
#include "datapath.h"
#include "netlink.h"
#include "netns.h"
#include "version.h"

#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/pmip6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>

static const struct nla_policy
remote_prefix_policy[PMIP6_A_HNP_MAX + 1] = {
	[PMIP6_A_HNP_PREFIX] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP6_A_HNP_PREFIX_LEN] = NLA_POLICY_RANGE(NLA_U8, 16, 64),
};

static const struct nla_policy
remote_prefixes_policy[PMIP6_A_REMOTE_PREFIXES_MAX + 1] = {
	[PMIP6_A_REMOTE_PREFIXES_PREFIX] =
		NLA_POLICY_NESTED(remote_prefix_policy),
};

/* The instance nest as INSTANCE_SET accepts it. */
static const struct nla_policy instance_set_policy[PMIP6_A_INSTANCE_MAX + 1] = {
	[PMIP6_A_INSTANCE_ROLE] = NLA_POLICY_RANGE(NLA_U32, PMIP6_ROLE_LMA,
						   PMIP6_ROLE_MAX),
	[PMIP6_A_INSTANCE_LOCAL_ADDR] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP6_A_INSTANCE_GENERATION] = PMIP6_NL_READ_ONLY("generation"),
	[PMIP6_A_INSTANCE_NETNS_COOKIE] = PMIP6_NL_READ_ONLY("netns cookie"),
	[PMIP6_A_INSTANCE_IFINDEX] = PMIP6_NL_READ_ONLY("ifindex"),
	[PMIP6_A_INSTANCE_STATS] = PMIP6_NL_READ_ONLY("stats"),
	[PMIP6_A_INSTANCE_REMOTE_PREFIXES] =
		NLA_POLICY_NESTED(remote_prefixes_policy),
	[PMIP6_A_INSTANCE_RESTART_COUNTER] = { .type = NLA_U32 },
	/* PMIP6_A_INSTANCE_PAD is only sent; strict parsing rejects it. */
};

static const struct nla_policy instance_set_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_VERSION] = PMIP6_NL_READ_ONLY("version"),
	[PMIP6_A_FAMILY_VERSION] = PMIP6_NL_READ_ONLY("family version"),
	[PMIP6_A_INSTANCE] = NLA_POLICY_NESTED(instance_set_policy),
};

static int version_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(sizeof(PMIP6_VERSION)) +
			  nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &pmip6_genl_family, 0,
				PMIP6_CMD_VERSION_GET);
	if (!hdr)
		goto err_msgsize;

	if (nla_put_string(msg, PMIP6_A_VERSION, PMIP6_VERSION) ||
	    nla_put_u32(msg, PMIP6_A_FAMILY_VERSION, PMIP6_GENL_VERSION))
		goto err_msgsize;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msgsize:
	/* Sized exactly above: reaching this is a bug in the sizing. */
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* Upper bound of what instance_fill() puts, headers included. */
static size_t instance_size(void)
{
	return nla_total_size(0) +				/* nest */
	       nla_total_size(sizeof(u32)) +			/* role */
	       nla_total_size(sizeof(struct in6_addr)) +	/* local addr */
	       nla_total_size(sizeof(u32)) +			/* generation */
	       nla_total_size_64bit(sizeof(u64)) +		/* netns cookie */
	       nla_total_size(sizeof(u32)) +			/* ifindex */
	       nla_total_size(0) +				/* stats nest */
	       __PMIP6_STAT_MAX * nla_total_size_64bit(sizeof(u64)) +
	       nla_total_size(0) +			/* remote prefixes */
	       PMIP6_REMOTE_PREFIX_MAX *
	       (nla_total_size(0) + nla_total_size(sizeof(struct in6_addr)) +
		nla_total_size(sizeof(u8))) +
	       nla_total_size(sizeof(u32));			/* restart ctr */
}

/* Puts the PMIP6_A_INSTANCE_REMOTE_PREFIXES nest of an LMA. */
static int remote_prefixes_put(struct sk_buff *msg,
			       const struct pmip6_remote_prefixes *remote)
{
	struct nlattr *nest, *entry;
	unsigned int i;

	nest = nla_nest_start(msg, PMIP6_A_INSTANCE_REMOTE_PREFIXES);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < remote->n; i++) {
		entry = nla_nest_start(msg, PMIP6_A_REMOTE_PREFIXES_PREFIX);
		if (!entry ||
		    nla_put_in6_addr(msg, PMIP6_A_HNP_PREFIX,
				     &remote->prefix[i]) ||
		    nla_put_u8(msg, PMIP6_A_HNP_PREFIX_LEN, remote->len[i])) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(msg, entry);
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * Fills @remote from an INSTANCE_SET's remote prefix list, which the core
 * checked against remote_prefixes_policy already. Rejects what the policy
 * cannot express: missing members, host bits, duplicates, too many.
 */
static int remote_prefixes_parse(const struct nlattr *nest,
				 struct pmip6_remote_prefixes *remote,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PMIP6_A_HNP_MAX + 1];
	struct in6_addr prefix, masked;
	const struct nlattr *attr;
	unsigned int i;
	int rem, ret;
	u8 len;

	remote->n = 0;
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != PMIP6_A_REMOTE_PREFIXES_PREFIX)
			continue;	/* the policy refused any other type */
		if (remote->n == PMIP6_REMOTE_PREFIX_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    KBUILD_MODNAME
					    ": more than 16 remote prefixes");
			return -E2BIG;
		}
		ret = nla_parse_nested(tb, PMIP6_A_HNP_MAX, attr,
				       remote_prefix_policy, extack);
		if (ret)
			return ret;
		if (NL_REQ_ATTR_CHECK(extack, attr, tb, PMIP6_A_HNP_PREFIX) ||
		    NL_REQ_ATTR_CHECK(extack, attr, tb,
				      PMIP6_A_HNP_PREFIX_LEN)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "remote prefix needs prefix and prefix-len");
			return -EINVAL;
		}
		prefix = nla_get_in6_addr(tb[PMIP6_A_HNP_PREFIX]);
		len = nla_get_u8(tb[PMIP6_A_HNP_PREFIX_LEN]);
		ipv6_addr_prefix(&masked, &prefix, len);
		if (!ipv6_addr_equal(&masked, &prefix)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[PMIP6_A_HNP_PREFIX],
					    KBUILD_MODNAME
					    ": remote prefix has host bits set");
			return -EINVAL;
		}
		for (i = 0; i < remote->n; i++) {
			if (remote->len[i] == len &&
			    ipv6_addr_equal(&remote->prefix[i], &prefix)) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    KBUILD_MODNAME
						    ": duplicate remote prefix");
				return -EEXIST;
			}
		}
		remote->prefix[remote->n] = prefix;
		remote->len[remote->n] = len;
		remote->n++;
	}
	return 0;
}

/* The attribute of each enum pmip6_stat counter. */
static const u16 instance_stats_attr[__PMIP6_STAT_MAX] = {
	[PMIP6_STAT_NO_BINDING] = PMIP6_A_STATS_NO_BINDING,
	[PMIP6_STAT_FMC_DROP] = PMIP6_A_STATS_FMC_DROP,
	[PMIP6_STAT_NO_ROUTE] = PMIP6_A_STATS_NO_ROUTE,
	[PMIP6_STAT_TOO_BIG] = PMIP6_A_STATS_TOO_BIG,
	[PMIP6_STAT_UNKNOWN_PEER] = PMIP6_A_STATS_UNKNOWN_PEER,
	[PMIP6_STAT_BAD_PACKET] = PMIP6_A_STATS_BAD_PACKET,
	[PMIP6_STAT_EVENTS] = PMIP6_A_STATS_EVENTS,
};

/* Puts the PMIP6_A_INSTANCE_STATS nest. */
static int instance_stats_put(struct sk_buff *msg, const struct pmip6_net *pn)
{
	u64 sum[__PMIP6_STAT_MAX];
	struct nlattr *nest;
	int i;

	pmip6_stats_sum(pn, sum);
	nest = nla_nest_start(msg, PMIP6_A_INSTANCE_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < __PMIP6_STAT_MAX; i++) {
		if (nla_put_u64_64bit(msg, instance_stats_attr[i], sum[i],
				      PMIP6_A_STATS_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Puts the PMIP6_A_INSTANCE nest. The caller holds pn->conf_lock. */
static int instance_fill(struct sk_buff *msg, struct pmip6_net *pn,
			 const struct net *net)
{
	const struct pmip6_conf *conf;
	struct net_device *dev;
	struct nlattr *nest;

	lockdep_assert_held(&pn->conf_lock);

	nest = nla_nest_start(msg, PMIP6_A_INSTANCE);
	if (!nest)
		return -EMSGSIZE;

	/* Unset role and address are left out, as the spec says. */
	if (pn->role && nla_put_u32(msg, PMIP6_A_INSTANCE_ROLE, pn->role))
		goto err_cancel;
	if (!ipv6_addr_any(&pn->local_addr) &&
	    nla_put_in6_addr(msg, PMIP6_A_INSTANCE_LOCAL_ADDR,
			     &pn->local_addr))
		goto err_cancel;
	if (nla_put_u32(msg, PMIP6_A_INSTANCE_GENERATION, pn->generation) ||
	    nla_put_u32(msg, PMIP6_A_INSTANCE_RESTART_COUNTER,
			pn->restart_counter) ||
	    nla_put_u64_64bit(msg, PMIP6_A_INSTANCE_NETNS_COOKIE,
			      net->net_cookie, PMIP6_A_INSTANCE_PAD))
		goto err_cancel;
	/*
	 * The device is created under conf_lock, and removed only when the
	 * netns exits, when no request runs in it: conf_lock suffices.
	 */
	dev = rcu_dereference_protected(pn->dev,
					lockdep_is_held(&pn->conf_lock));
	if (dev && nla_put_u32(msg, PMIP6_A_INSTANCE_IFINDEX, dev->ifindex))
		goto err_cancel;
	if (instance_stats_put(msg, pn))
		goto err_cancel;
	conf = rcu_dereference_protected(pn->conf,
					 lockdep_is_held(&pn->conf_lock));
	if (conf && conf->role == PMIP6_ROLE_LMA &&
	    remote_prefixes_put(msg, &conf->remote))
		goto err_cancel;

	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int instance_ntf_fill(struct sk_buff *msg, const void *obj)
{
	struct pmip6_net *pn = (struct pmip6_net *)obj;

	return instance_fill(msg, pn, pn->net);
}

static int instance_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct pmip6_net *pn = pmip6_net_of(net);
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(instance_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &pmip6_genl_family, 0,
				PMIP6_CMD_INSTANCE_GET);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}

	/* Under the lock so that role, address and generation agree. */
	mutex_lock(&pn->conf_lock);
	ret = instance_fill(msg, pn, net);
	mutex_unlock(&pn->conf_lock);
	if (ret)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return ret;
}

static int instance_set(struct sk_buff *skb, struct genl_info *info)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct nlattr *tb[PMIP6_A_INSTANCE_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct pmip6_remote_prefixes *remote = NULL;
	struct in6_addr local_addr;
	bool has_local_addr = false;
	struct nlattr *nest;
	u8 change;
	u32 role;
	int ret;

	/* Everything is validated before conf_lock is taken: no partial set. */
	if (GENL_REQ_ATTR_CHECK(info, PMIP6_A_INSTANCE)) {
		NL_SET_ERR_MSG_MOD(extack, "missing instance attribute");
		return -EINVAL;
	}
	nest = info->attrs[PMIP6_A_INSTANCE];

	/* The core validated the nest already; this only fills tb. */
	ret = nla_parse_nested(tb, PMIP6_A_INSTANCE_MAX, nest,
			       instance_set_policy, extack);
	if (ret)
		return ret;

	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_INSTANCE_ROLE)) {
		NL_SET_ERR_MSG_MOD(extack, "missing role in instance");
		return -EINVAL;
	}
	role = nla_get_u32(tb[PMIP6_A_INSTANCE_ROLE]);

	if (tb[PMIP6_A_INSTANCE_LOCAL_ADDR]) {
		local_addr = nla_get_in6_addr(tb[PMIP6_A_INSTANCE_LOCAL_ADDR]);
		if (!pmip6_addr_global_unicast(&local_addr)) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[PMIP6_A_INSTANCE_LOCAL_ADDR],
					    KBUILD_MODNAME
					    ": local address must be global unicast");
			return -EINVAL;
		}
		has_local_addr = true;
	}

	if (tb[PMIP6_A_INSTANCE_REMOTE_PREFIXES]) {
		/* About 340 bytes: not on the stack. */
		remote = kmalloc(sizeof(*remote), GFP_KERNEL);
		if (!remote)
			return -ENOMEM;
		ret = remote_prefixes_parse(tb[PMIP6_A_INSTANCE_REMOTE_PREFIXES],
					    remote, extack);
		if (ret)
			goto out_free;
	}

	mutex_lock(&pn->conf_lock);
	/* The instance comes into being with its first role. */
	change = pn->role ? PMIP6_CHANGE_SET : PMIP6_CHANGE_NEW;
	ret = pmip6_net_instance_set(pn, role,
				     has_local_addr ? &local_addr : NULL,
				     remote, extack);
	/* Cannot fail: set only once the rest succeeded. */
	if (!ret && tb[PMIP6_A_INSTANCE_RESTART_COUNTER])
		pn->restart_counter =
			nla_get_u32(tb[PMIP6_A_INSTANCE_RESTART_COUNTER]);
	if (!ret)
		pmip6_nl_ntf_send(pn, pmip6_nl_ntf_build(pn,
							 PMIP6_CMD_INSTANCE_NTF,
							 change,
							 instance_size(),
							 instance_ntf_fill,
							 pn));
	mutex_unlock(&pn->conf_lock);
out_free:
	kfree(remote);
	return ret;
}

/*
 * No .policy on the GET ops: they take no attributes, and since
 * .resv_start_op is 0 the core gives them a reject-all policy.
 */
static const struct genl_ops pmip6_genl_ops[] = {
	{
		.cmd = PMIP6_CMD_VERSION_GET,
		.doit = version_get,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_INSTANCE_GET,
		.doit = instance_get,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_INSTANCE_SET,
		.doit = instance_set,
		.policy = instance_set_req_policy,
		.maxattr = ARRAY_SIZE(instance_set_req_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_BCE_NEW,
		.doit = pmip6_nl_bce_new,
		.policy = pmip6_bce_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_BCE_SET,
		.doit = pmip6_nl_bce_set,
		.policy = pmip6_bce_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_BCE_DEL,
		.doit = pmip6_nl_bce_del,
		.policy = pmip6_bce_key_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_BCE_GET,
		.doit = pmip6_nl_bce_get,
		.dumpit = pmip6_nl_bce_dump,
		.policy = pmip6_bce_key_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_FMC_NEW,
		.doit = pmip6_nl_fmc_new,
		.policy = pmip6_fmc_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_FMC_SET,
		.doit = pmip6_nl_fmc_set,
		.policy = pmip6_fmc_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_FMC_DEL,
		.doit = pmip6_nl_fmc_del,
		.policy = pmip6_fmc_key_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_FMC_GET,
		.doit = pmip6_nl_fmc_get,
		.dumpit = pmip6_nl_fmc_dump,
		.policy = pmip6_fmc_key_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_BUL_NEW,
		.doit = pmip6_nl_bul_new,
		.policy = pmip6_bul_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_BUL_SET,
		.doit = pmip6_nl_bul_set,
		.policy = pmip6_bul_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_BUL_DEL,
		.doit = pmip6_nl_bul_del,
		.policy = pmip6_bul_key_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_BUL_GET,
		.doit = pmip6_nl_bul_get,
		.dumpit = pmip6_nl_bul_dump,
		.policy = pmip6_bul_key_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_RO_NEW,
		.doit = pmip6_nl_ro_new,
		.policy = pmip6_ro_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_RO_SET,
		.doit = pmip6_nl_ro_set,
		.policy = pmip6_ro_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_RO_DEL,
		.doit = pmip6_nl_ro_del,
		.policy = pmip6_ro_key_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = PMIP6_CMD_RO_GET,
		.doit = pmip6_nl_ro_get,
		.dumpit = pmip6_nl_ro_dump,
		.policy = pmip6_ro_key_req_policy,
		.maxattr = PMIP6_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/* Upper bound of what pmip6_nl_counters_put() puts. */
size_t pmip6_nl_counters_size(void)
{
	return nla_total_size(0) + 4 * nla_total_size_64bit(sizeof(u64));
}

/* Puts a PMIP6_A_COUNTERS_* nest of @pc's sums as @attrtype. */
/*
 * The "do" half of every object's GET, once the caller has parsed @key:
 * build one reply of @size and let @fill, under conf_lock, check the role,
 * find the object @key names and put it in the reply. @fill returns
 * -ENOENT when there is no such object.
 */
int pmip6_nl_get_reply(struct genl_info *info, u8 cmd, size_t size,
		       pmip6_nl_get_fill_t fill, void *key)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &pmip6_genl_family, 0, cmd);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}

	mutex_lock(&pn->conf_lock);
	ret = fill(msg, pn, key, info->extack);
	mutex_unlock(&pn->conf_lock);
	if (ret)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return ret;
}

int pmip6_nl_counters_put(struct sk_buff *msg, int attrtype,
			  const struct pmip6_pcpu_counters __percpu *pc)
{
	struct pmip6_counters sum;
	struct nlattr *nest;

	pmip6_counters_sum(pc, &sum);
	nest = nla_nest_start(msg, attrtype);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, PMIP6_A_COUNTERS_PACKETS_TX,
			      sum.packets_tx, PMIP6_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(msg, PMIP6_A_COUNTERS_BYTES_TX,
			      sum.bytes_tx, PMIP6_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(msg, PMIP6_A_COUNTERS_PACKETS_RX,
			      sum.packets_rx, PMIP6_A_COUNTERS_PAD) ||
	    nla_put_u64_64bit(msg, PMIP6_A_COUNTERS_BYTES_RX,
			      sum.bytes_rx, PMIP6_A_COUNTERS_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* RFC 6275 6.1.7: a lifetime is 16 bits of 4-second units. */
static struct netlink_range_validation reg_lifetime_range __ro_after_init = {
	.max = 65535 * 4,
};

static struct netlink_range_validation reg_remaining_range __ro_after_init = {
	.max = 65535 * 4 * MSEC_PER_SEC,
};

const struct nla_policy pmip6_registration_policy[PMIP6_A_REGISTRATION_MAX + 1] = {
	[PMIP6_A_REGISTRATION_LIFETIME] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &reg_lifetime_range),
	[PMIP6_A_REGISTRATION_REMAINING_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &reg_remaining_range),
	[PMIP6_A_REGISTRATION_SEQUENCE] = { .type = NLA_U16 },
	[PMIP6_A_REGISTRATION_TIMESTAMP] = { .type = NLA_U64 },
	[PMIP6_A_REGISTRATION_MAG_LL_ADDR] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

/*
 * Fills @reg from a PMIP6_A_*_REGISTRATION nest that passed the policy
 * above. The remaining time becomes a deadline on the monotonic clock, so
 * that replies can say what is left of it.
 */
int pmip6_nl_registration_parse(struct pmip6_registration *reg,
				const struct nlattr *nest,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PMIP6_A_REGISTRATION_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, PMIP6_A_REGISTRATION_MAX, nest,
			       pmip6_registration_policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_REGISTRATION_LIFETIME)) {
		NL_SET_ERR_MSG_MOD(extack, "missing lifetime in registration");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb,
			      PMIP6_A_REGISTRATION_REMAINING_MS)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "missing remaining-ms in registration");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_REGISTRATION_SEQUENCE)) {
		NL_SET_ERR_MSG_MOD(extack, "missing sequence in registration");
		return -EINVAL;
	}
	if (tb[PMIP6_A_REGISTRATION_MAG_LL_ADDR]) {
		struct in6_addr ll;

		ll = nla_get_in6_addr(tb[PMIP6_A_REGISTRATION_MAG_LL_ADDR]);
		/* RFC 5213 8.7: a link-local address, the MAG's own. */
		if (!(ipv6_addr_type(&ll) & IPV6_ADDR_LINKLOCAL) ||
		    ipv6_addr_is_multicast(&ll)) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[PMIP6_A_REGISTRATION_MAG_LL_ADDR],
					    KBUILD_MODNAME
					    ": registration mag-ll-addr must be link-local unicast");
			return -EINVAL;
		}
	}
	memset(reg, 0, sizeof(*reg));
	reg->present = 1;
	if (tb[PMIP6_A_REGISTRATION_MAG_LL_ADDR])
		reg->mag_ll_addr =
			nla_get_in6_addr(tb[PMIP6_A_REGISTRATION_MAG_LL_ADDR]);
	reg->lifetime = nla_get_u32(tb[PMIP6_A_REGISTRATION_LIFETIME]);
	reg->expires = ktime_get_ns() +
		(u64)nla_get_u32(tb[PMIP6_A_REGISTRATION_REMAINING_MS]) *
		NSEC_PER_MSEC;
	reg->sequence = nla_get_u16(tb[PMIP6_A_REGISTRATION_SEQUENCE]);
	if (tb[PMIP6_A_REGISTRATION_TIMESTAMP]) {
		reg->has_timestamp = 1;
		reg->timestamp = nla_get_u64(tb[PMIP6_A_REGISTRATION_TIMESTAMP]);
	}
	return 0;
}

/* Upper bound of what pmip6_nl_registration_put() puts. */
size_t pmip6_nl_registration_size(void)
{
	return nla_total_size(0) + 2 * nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u16)) + nla_total_size_64bit(sizeof(u64)) +
	       nla_total_size(sizeof(struct in6_addr));
}

/* Puts @reg as the nest @attrtype; nothing when no request carried one. */
int pmip6_nl_registration_put(struct sk_buff *msg, int attrtype,
			      const struct pmip6_registration *reg)
{
	u64 now = ktime_get_ns();
	struct nlattr *nest;
	u32 remaining = 0;

	if (!reg->present)
		return 0;
	if (reg->expires > now)
		remaining = DIV_ROUND_UP_ULL(reg->expires - now, NSEC_PER_MSEC);
	nest = nla_nest_start(msg, attrtype);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, PMIP6_A_REGISTRATION_LIFETIME, reg->lifetime) ||
	    nla_put_u32(msg, PMIP6_A_REGISTRATION_REMAINING_MS, remaining) ||
	    nla_put_u16(msg, PMIP6_A_REGISTRATION_SEQUENCE, reg->sequence) ||
	    (reg->has_timestamp &&
	     nla_put_u64_64bit(msg, PMIP6_A_REGISTRATION_TIMESTAMP,
			       reg->timestamp, PMIP6_A_REGISTRATION_PAD)) ||
	    (!ipv6_addr_any(&reg->mag_ll_addr) &&
	     nla_put_in6_addr(msg, PMIP6_A_REGISTRATION_MAG_LL_ADDR,
			      &reg->mag_ll_addr))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* @attr passed the policy's 1..PMIP6_MN_ID_MAX_LEN length check. */
void pmip6_nl_mn_key(struct pmip6_mn_key *key, const struct nlattr *attr)
{
	memset(key, 0, sizeof(*key));
	key->len = nla_len(attr);
	memcpy(key->id, nla_data(attr), key->len);
}

/*
 * Events will name mobile nodes and their traffic, so only a listener with
 * CAP_NET_ADMIN in the netns's user namespace may join, as for the ops.
 */
static const struct genl_multicast_group pmip6_genl_mcgrps[] = {
	[PMIP6_GENL_MCGRP_EVENTS] = {
		.name = PMIP6_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family pmip6_genl_family __ro_after_init = {
	.name = PMIP6_GENL_NAME,
	.version = PMIP6_GENL_VERSION,
	.module = THIS_MODULE,
	/* One instance per netns; each request acts on its socket's netns. */
	.netnsok = true,
	/*
	 * No global genl_mutex: the per-netns conf_lock serialises writers,
	 * and namespaces need not wait for each other.
	 */
	.parallel_ops = true,
	/*
	 * .resv_start_op is left at 0, as new families must: every op is at
	 * or above it, so the core checks genlmsghdr.reserved and the
	 * nlmsg_flags of every request, refuses GENL_DONT_VALIDATE_* and
	 * gives ops without a policy a reject-all one. A value above the
	 * last op would switch all of that off.
	 */
	.ops = pmip6_genl_ops,
	.n_ops = ARRAY_SIZE(pmip6_genl_ops),
	.mcgrps = pmip6_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(pmip6_genl_mcgrps),
};

int pmip6_genl_init(void)
{
	return genl_register_family(&pmip6_genl_family);
}

/*
 * Returns once no handler of ours runs any more: unregistering takes the
 * genetlink lock that every request is processed under.
 */
void pmip6_genl_uninit(void)
{
	/* The RO expiry work may still run until the pernet exits. */
	pmip6_nl_ntf_stop();
	genl_unregister_family(&pmip6_genl_family);
}
