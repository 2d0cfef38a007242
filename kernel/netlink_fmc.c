// SPDX-License-Identifier: GPL-2.0
/*
 * Flow mobility cache ops of the pmip6 family: FMC_NEW, FMC_SET, FMC_DEL
 * and FMC_GET (do and dump). As for BCEs, requests are validated
 * completely before conf_lock is taken.
 */

#include "compat.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"

#include <linux/pmip6.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#define ADDR_POLICY NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr))
/*
 * The policy's own .max is an s16, so a u32 range needs the full form;
 * not const because 6.1's nla_policy.range is not.
 */
static struct netlink_range_validation flow_label_range __ro_after_init = {
	.max = PMIP6_FLOW_LABEL_MAX,
};

#define FLOW_LABEL_POLICY NLA_POLICY_FULL_RANGE(NLA_U32, &flow_label_range)

static const struct nla_policy ts_policy[PMIP6_A_TS_MAX + 1] = {
	[PMIP6_A_TS_SRC_ADDR_START] = ADDR_POLICY,
	[PMIP6_A_TS_SRC_ADDR_END] = ADDR_POLICY,
	[PMIP6_A_TS_DST_ADDR_START] = ADDR_POLICY,
	[PMIP6_A_TS_DST_ADDR_END] = ADDR_POLICY,
	[PMIP6_A_TS_SPI_START] = { .type = NLA_U32 },
	[PMIP6_A_TS_SPI_END] = { .type = NLA_U32 },
	[PMIP6_A_TS_FLOW_LABEL_START] = FLOW_LABEL_POLICY,
	[PMIP6_A_TS_FLOW_LABEL_END] = FLOW_LABEL_POLICY,
	[PMIP6_A_TS_SRC_PORT_START] = { .type = NLA_U16 },
	[PMIP6_A_TS_SRC_PORT_END] = { .type = NLA_U16 },
	[PMIP6_A_TS_DST_PORT_START] = { .type = NLA_U16 },
	[PMIP6_A_TS_DST_PORT_END] = { .type = NLA_U16 },
	[PMIP6_A_TS_TRAFFIC_CLASS_START] = { .type = NLA_U8 },
	[PMIP6_A_TS_TRAFFIC_CLASS_END] = { .type = NLA_U8 },
	[PMIP6_A_TS_NEXT_HEADER_START] = { .type = NLA_U8 },
	[PMIP6_A_TS_NEXT_HEADER_END] = { .type = NLA_U8 },
};

static const struct nla_policy fmc_policy[PMIP6_A_FMC_MAX + 1] = {
	[PMIP6_A_FMC_MN_ID] = NLA_POLICY_RANGE(NLA_BINARY, 1,
					       PMIP6_MN_ID_MAX_LEN),
	[PMIP6_A_FMC_FID] = NLA_POLICY_MIN(NLA_U16, 1),
	[PMIP6_A_FMC_FID_PRI] = { .type = NLA_U16 },
	[PMIP6_A_FMC_TS] = NLA_POLICY_NESTED(ts_policy),
	[PMIP6_A_FMC_BID] = NLA_POLICY_MIN(NLA_U16, 1),
	[PMIP6_A_FMC_ACTION] = NLA_POLICY_RANGE(NLA_U32,
						PMIP6_FMC_ACTION_FORWARD,
						PMIP6_FMC_ACTION_MAX),
	[PMIP6_A_FMC_ACTIVE] = PMIP6_NL_READ_ONLY("active"),
	[PMIP6_A_FMC_COUNTERS] = PMIP6_NL_READ_ONLY("counters"),
};

static const struct nla_policy fmc_key_policy[PMIP6_A_FMC_MAX + 1] = {
	[PMIP6_A_FMC_MN_ID] = NLA_POLICY_RANGE(NLA_BINARY, 1,
					       PMIP6_MN_ID_MAX_LEN),
	[PMIP6_A_FMC_FID] = NLA_POLICY_MIN(NLA_U16, 1),
};

const struct nla_policy pmip6_fmc_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_FMC] = NLA_POLICY_NESTED(fmc_policy),
};

const struct nla_policy pmip6_fmc_key_req_policy[PMIP6_A_MAX + 1] = {
	[PMIP6_A_FMC] = NLA_POLICY_NESTED(fmc_key_policy),
};

/*
 * The LMA keeps the FMC (RFC 7864 section 5.2); a MAG that keeps full
 * per-flow state "SHOULD also maintain" one (same section).
 */
static int role_check(struct pmip6_net *pn, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&pn->conf_lock);

	if (pn->role != PMIP6_ROLE_LMA && pn->role != PMIP6_ROLE_MAG) {
		NL_SET_ERR_MSG_MOD(extack,
				   "flow mobility cache needs instance role lma or mag");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int fmc_parse_key(struct genl_info *info, struct nlattr **tb,
			 const struct nla_policy *policy)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, PMIP6_A_FMC)) {
		NL_SET_ERR_MSG_MOD(extack, "missing fmc attribute");
		return -EINVAL;
	}
	nest = info->attrs[PMIP6_A_FMC];
	ret = nla_parse_nested(tb, PMIP6_A_FMC_MAX, nest, policy, extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_FMC_MN_ID)) {
		NL_SET_ERR_MSG_MOD(extack, "missing mn-id in fmc");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP6_A_FMC_FID)) {
		NL_SET_ERR_MSG_MOD(extack, "missing fid in fmc");
		return -EINVAL;
	}
	return 0;
}

/*
 * Range fields: START alone means that single value, END needs START and
 * must not be below it; absent means the full range (struct pmip6_ts).
 */
static int ts_order_check(struct nlattr **tb, int start, int end, bool ok,
			  struct pmip6_ts *ts, struct netlink_ext_ack *extack)
{
	if (tb[end] && !tb[start]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[end],
				    KBUILD_MODNAME
				    ": traffic selector end without its start");
		return -EINVAL;
	}
	if (!ok) {
		NL_SET_ERR_MSG_ATTR(extack, tb[end],
				    KBUILD_MODNAME
				    ": traffic selector end below its start");
		return -EINVAL;
	}
	if (tb[start])
		ts->present |= BIT(start);
	if (tb[end])
		ts->present |= BIT(end);
	return 0;
}

/* The policy checked the exact width of each integer attribute. */
static u32 ts_get_int(const struct nlattr *attr)
{
	switch (nla_len(attr)) {
	case sizeof(u8):
		return nla_get_u8(attr);
	case sizeof(u16):
		return nla_get_u16(attr);
	default:
		return nla_get_u32(attr);
	}
}

static int ts_int(struct nlattr **tb, int start, int end, u32 *lo, u32 *hi,
		  struct pmip6_ts *ts, struct netlink_ext_ack *extack)
{
	if (tb[start]) {
		*lo = ts_get_int(tb[start]);
		*hi = tb[end] ? ts_get_int(tb[end]) : *lo;
	}
	return ts_order_check(tb, start, end, *lo <= *hi, ts, extack);
}

static int ts_addr(struct nlattr **tb, int start, int end,
		   struct in6_addr *lo, struct in6_addr *hi,
		   struct pmip6_ts *ts, struct netlink_ext_ack *extack)
{
	if (tb[start]) {
		*lo = nla_get_in6_addr(tb[start]);
		*hi = tb[end] ? nla_get_in6_addr(tb[end]) : *lo;
	}
	return ts_order_check(tb, start, end, ipv6_addr_cmp(lo, hi) <= 0,
			      ts, extack);
}

/* RFC 6088 section 3.2, IPv6 binary traffic selector. */
static int ts_parse(struct pmip6_ts *ts, const struct nlattr *attr,
		    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PMIP6_A_TS_MAX + 1];
	int ret;

	pmip6_ts_init_any(ts);
	if (!attr)
		return 0;

	ret = nla_parse_nested(tb, PMIP6_A_TS_MAX, attr, ts_policy, extack);
	if (ret)
		return ret;
	ret = ts_addr(tb, PMIP6_A_TS_SRC_ADDR_START, PMIP6_A_TS_SRC_ADDR_END,
		      &ts->saddr_start, &ts->saddr_end, ts, extack) ?:
	      ts_addr(tb, PMIP6_A_TS_DST_ADDR_START, PMIP6_A_TS_DST_ADDR_END,
		      &ts->daddr_start, &ts->daddr_end, ts, extack) ?:
	      ts_int(tb, PMIP6_A_TS_SPI_START, PMIP6_A_TS_SPI_END,
		     &ts->spi_start, &ts->spi_end, ts, extack) ?:
	      ts_int(tb, PMIP6_A_TS_FLOW_LABEL_START, PMIP6_A_TS_FLOW_LABEL_END,
		     &ts->flowlabel_start, &ts->flowlabel_end, ts, extack) ?:
	      ts_int(tb, PMIP6_A_TS_SRC_PORT_START, PMIP6_A_TS_SRC_PORT_END,
		     &ts->sport_start, &ts->sport_end, ts, extack) ?:
	      ts_int(tb, PMIP6_A_TS_DST_PORT_START, PMIP6_A_TS_DST_PORT_END,
		     &ts->dport_start, &ts->dport_end, ts, extack) ?:
	      ts_int(tb, PMIP6_A_TS_TRAFFIC_CLASS_START,
		     PMIP6_A_TS_TRAFFIC_CLASS_END,
		     &ts->tclass_start, &ts->tclass_end, ts, extack) ?:
	      ts_int(tb, PMIP6_A_TS_NEXT_HEADER_START,
		     PMIP6_A_TS_NEXT_HEADER_END,
		     &ts->nexthdr_start, &ts->nexthdr_end, ts, extack);
	return ret;
}

static int fmc_parse(struct genl_info *info, struct pmip6_fmc_cfg *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest = info->attrs[PMIP6_A_FMC];
	struct nlattr *tb[PMIP6_A_FMC_MAX + 1];
	const struct nlattr *attr;
	unsigned int i;
	int ret, rem;

	ret = fmc_parse_key(info, tb, fmc_policy);
	if (ret)
		return ret;
	pmip6_nl_mn_key(&cfg->key, tb[PMIP6_A_FMC_MN_ID]);
	cfg->fid = nla_get_u16(tb[PMIP6_A_FMC_FID]);
	if (tb[PMIP6_A_FMC_FID_PRI])
		cfg->fid_pri = nla_get_u16(tb[PMIP6_A_FMC_FID_PRI]);
	cfg->action = PMIP6_FMC_ACTION_FORWARD;
	if (tb[PMIP6_A_FMC_ACTION])
		cfg->action = nla_get_u32(tb[PMIP6_A_FMC_ACTION]);
	ret = ts_parse(&cfg->ts, tb[PMIP6_A_FMC_TS], extack);
	if (ret)
		return ret;

	/* tb[] keeps only the last BID: walk the nest for all of them. */
	nla_for_each_nested(attr, nest, rem) {
		u16 bid;

		if (nla_type(attr) != PMIP6_A_FMC_BID)
			continue;
		if (cfg->n_bid == PMIP6_FMC_BID_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    KBUILD_MODNAME ": too many BIDs in fmc");
			return -EINVAL;
		}
		bid = nla_get_u16(attr);
		for (i = 0; i < cfg->n_bid; i++) {
			if (cfg->bid[i] == bid) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    KBUILD_MODNAME
						    ": duplicate BID in fmc");
				return -EINVAL;
			}
		}
		cfg->bid_attr[cfg->n_bid] = attr;
		cfg->bid[cfg->n_bid++] = bid;
	}
	if (!cfg->n_bid) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    KBUILD_MODNAME ": fmc needs at least one bid");
		return -EINVAL;
	}
	return 0;
}

typedef int (*fmc_write_fn)(struct pmip6_net *pn,
			    const struct pmip6_fmc_cfg *cfg,
			    struct netlink_ext_ack *extack);

/* Sends the state-change notification of the entry @cfg names. */
static void fmc_write_ntf(struct pmip6_net *pn,
			  const struct pmip6_fmc_cfg *cfg, u8 change)
{
	struct pmip6_mn *mn = pmip6_mn_find(pn, &cfg->key);
	struct pmip6_fmc *fmc = mn ? pmip6_fmc_find(mn, cfg->fid) : NULL;

	if (!WARN_ON_ONCE(!fmc))
		pmip6_nl_fmc_ntf(pn, fmc, change);
}

static int fmc_write(struct genl_info *info, fmc_write_fn write, u8 change)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct pmip6_fmc_cfg *cfg;
	int ret;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	ret = fmc_parse(info, cfg);
	if (ret)
		goto out;

	mutex_lock(&pn->conf_lock);
	ret = role_check(pn, info->extack);
	if (!ret)
		ret = write(pn, cfg, info->extack);
	if (!ret)
		fmc_write_ntf(pn, cfg, change);
	mutex_unlock(&pn->conf_lock);
out:
	kfree(cfg);
	return ret;
}

int pmip6_nl_fmc_new(struct sk_buff *skb, struct genl_info *info)
{
	return fmc_write(info, pmip6_fmc_new, PMIP6_CHANGE_NEW);
}

int pmip6_nl_fmc_set(struct sk_buff *skb, struct genl_info *info)
{
	return fmc_write(info, pmip6_fmc_set, PMIP6_CHANGE_SET);
}

static struct pmip6_fmc *fmc_lookup(struct pmip6_net *pn, struct nlattr **tb,
				    struct netlink_ext_ack *extack)
{
	struct pmip6_fmc *fmc = NULL;
	struct pmip6_mn_key key;
	struct pmip6_mn *mn;

	pmip6_nl_mn_key(&key, tb[PMIP6_A_FMC_MN_ID]);
	mn = pmip6_mn_find(pn, &key);
	if (mn)
		fmc = pmip6_fmc_find(mn, nla_get_u16(tb[PMIP6_A_FMC_FID]));
	if (!fmc)
		NL_SET_ERR_MSG_MOD(extack, "no FMC entry with this MN-ID and FID");
	return fmc;
}

int pmip6_nl_fmc_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pmip6_net *pn = pmip6_net_of(genl_info_net(info));
	struct nlattr *tb[PMIP6_A_FMC_MAX + 1];
	struct pmip6_fmc *fmc;
	struct pmip6_mn *mn;
	struct sk_buff *ntf;
	int ret;

	ret = fmc_parse_key(info, tb, fmc_key_policy);
	if (ret)
		return ret;

	mutex_lock(&pn->conf_lock);
	ret = role_check(pn, info->extack);
	if (ret)
		goto out;
	fmc = fmc_lookup(pn, tb, info->extack);
	if (!fmc) {
		ret = -ENOENT;
		goto out;
	}
	mn = fmc->mn;
	/* The entry as it was, while it (and its MN) are still ours. */
	ntf = pmip6_nl_fmc_ntf_build(pn, fmc, PMIP6_CHANGE_DEL);
	pmip6_fmc_remove(pn, fmc);
	pmip6_mn_remove_if_unused(pn, mn);
	pmip6_nl_ntf_send(pn, ntf);
out:
	mutex_unlock(&pn->conf_lock);
	return ret;
}

static size_t fmc_size(void)
{
	return nla_total_size(0) +					/* nest */
	       nla_total_size(PMIP6_MN_ID_MAX_LEN) +
	       2 * nla_total_size(sizeof(u16)) +			/* fid, pri */
	       nla_total_size(0) +					/* ts */
	       4 * nla_total_size(sizeof(struct in6_addr)) +
	       4 * nla_total_size(sizeof(u32)) +
	       4 * nla_total_size(sizeof(u16)) +
	       4 * nla_total_size(sizeof(u8)) +
	       PMIP6_FMC_BID_MAX * nla_total_size(sizeof(u16)) +
	       nla_total_size(sizeof(u32)) +				/* action */
	       nla_total_size(sizeof(u8)) +				/* active */
	       pmip6_nl_counters_size();
}

#define TS_PUT(type, put, val) \
	((ts->present & BIT(type)) && (put)(msg, type, val))

/* Reports the fields the client set, in the form it set them. */
static int ts_fill(struct sk_buff *msg, const struct pmip6_fmc *fmc)
{
	struct pmip6_ts tsbuf, *ts = &tsbuf;
	struct nlattr *nest;

	pmip6_fmc_ts_get(fmc, ts);

	if (!ts->present)
		return 0;
	nest = nla_nest_start(msg, PMIP6_A_FMC_TS);
	if (!nest)
		return -EMSGSIZE;
	if (TS_PUT(PMIP6_A_TS_SRC_ADDR_START, nla_put_in6_addr,
		   &ts->saddr_start) ||
	    TS_PUT(PMIP6_A_TS_SRC_ADDR_END, nla_put_in6_addr, &ts->saddr_end) ||
	    TS_PUT(PMIP6_A_TS_DST_ADDR_START, nla_put_in6_addr,
		   &ts->daddr_start) ||
	    TS_PUT(PMIP6_A_TS_DST_ADDR_END, nla_put_in6_addr, &ts->daddr_end) ||
	    TS_PUT(PMIP6_A_TS_SPI_START, nla_put_u32, ts->spi_start) ||
	    TS_PUT(PMIP6_A_TS_SPI_END, nla_put_u32, ts->spi_end) ||
	    TS_PUT(PMIP6_A_TS_FLOW_LABEL_START, nla_put_u32,
		   ts->flowlabel_start) ||
	    TS_PUT(PMIP6_A_TS_FLOW_LABEL_END, nla_put_u32,
		   ts->flowlabel_end) ||
	    TS_PUT(PMIP6_A_TS_SRC_PORT_START, nla_put_u16, ts->sport_start) ||
	    TS_PUT(PMIP6_A_TS_SRC_PORT_END, nla_put_u16, ts->sport_end) ||
	    TS_PUT(PMIP6_A_TS_DST_PORT_START, nla_put_u16, ts->dport_start) ||
	    TS_PUT(PMIP6_A_TS_DST_PORT_END, nla_put_u16, ts->dport_end) ||
	    TS_PUT(PMIP6_A_TS_TRAFFIC_CLASS_START, nla_put_u8,
		   ts->tclass_start) ||
	    TS_PUT(PMIP6_A_TS_TRAFFIC_CLASS_END, nla_put_u8, ts->tclass_end) ||
	    TS_PUT(PMIP6_A_TS_NEXT_HEADER_START, nla_put_u8,
		   ts->nexthdr_start) ||
	    TS_PUT(PMIP6_A_TS_NEXT_HEADER_END, nla_put_u8, ts->nexthdr_end)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int fmc_fill(struct sk_buff *msg, const struct pmip6_fmc *fmc)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(msg, PMIP6_A_FMC);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, PMIP6_A_FMC_MN_ID, fmc->mn->key.len,
		    fmc->mn->key.id) ||
	    nla_put_u16(msg, PMIP6_A_FMC_FID, fmc->fid) ||
	    nla_put_u16(msg, PMIP6_A_FMC_FID_PRI, fmc->fid_pri) ||
	    ts_fill(msg, fmc))
		goto err_cancel;
	for (i = 0; i < fmc->n_bid; i++)
		if (nla_put_u16(msg, PMIP6_A_FMC_BID, fmc->bid[i]))
			goto err_cancel;
	if (nla_put_u32(msg, PMIP6_A_FMC_ACTION, fmc->action) ||
	    nla_put_u8(msg, PMIP6_A_FMC_ACTIVE, fmc->active) ||
	    pmip6_nl_counters_put(msg, PMIP6_A_FMC_COUNTERS, fmc->stats))
		goto err_cancel;
	nla_nest_end(msg, nest);
	return 0;

err_cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int fmc_ntf_fill(struct sk_buff *msg, const void *obj)
{
	return fmc_fill(msg, obj);
}

struct sk_buff *pmip6_nl_fmc_ntf_build(struct pmip6_net *pn,
				       const struct pmip6_fmc *fmc, u8 change)
{
	return pmip6_nl_ntf_build(pn, PMIP6_CMD_FMC_NTF, change, fmc_size(),
				  fmc_ntf_fill, fmc);
}

static int fmc_get_fill(struct sk_buff *msg, struct pmip6_net *pn,
			void *key, struct netlink_ext_ack *extack)
{
	struct pmip6_fmc *fmc;
	int ret;

	ret = role_check(pn, extack);
	if (ret)
		return ret;
	fmc = fmc_lookup(pn, key, extack);
	return fmc ? fmc_fill(msg, fmc) : -ENOENT;
}

int pmip6_nl_fmc_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PMIP6_A_FMC_MAX + 1];
	int ret;

	ret = fmc_parse_key(info, tb, fmc_key_policy);
	if (ret)
		return ret;
	return pmip6_nl_get_reply(info, PMIP6_CMD_FMC_GET, fmc_size(),
				  fmc_get_fill, tb);
}

/*
 * Same cursor as pmip6_nl_bce_dump(), over each MN's FMC entries in
 * (FID-PRI, FID) order (pmip6_fmc_next()).
 */
int pmip6_nl_fmc_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pmip6_net *pn = pmip6_net_of(sock_net(skb->sk));
	unsigned long index = cb->args[0], skip = cb->args[1], pos;
	struct pmip6_fmc *fmc;
	struct pmip6_mn *mn;
	int ret = 0;
	void *hdr;

	if (cb->args[2])
		return 0;

	mutex_lock(&pn->conf_lock);
	cb->seq = pn->generation;
	xa_for_each_start(&pn->mn_xa, index, mn, index) {
		pos = 0;
		for (fmc = pmip6_fmc_next(mn, NULL); fmc;
		     fmc = pmip6_fmc_next(mn, fmc)) {
			if (pos++ < skip)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq,
					  &pmip6_genl_family, NLM_F_MULTI,
					  PMIP6_CMD_FMC_GET);
			if (!hdr) {
				ret = -EMSGSIZE;
				goto stop;
			}
			genl_dump_check_consistent(cb, hdr);
			ret = fmc_fill(skb, fmc);
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
	cb->args[0] = index;
	cb->args[1] = pos - 1;
	mutex_unlock(&pn->conf_lock);
	return skb->len ? skb->len : ret;
}
