// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state of pmip6.
 */

#include "compat.h"
#include "binding.h"
#include "bul.h"
#include "datapath.h"
#include "device.h"
#include "flowcache.h"
#include "netns.h"
#include "ro.h"

#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/pmip6.h>

unsigned int pmip6_net_id __read_mostly;

/* Defaults of each new netns's limits: 1M entries of each kind. */
static unsigned int pmip6_bce_max_default = 1 << 20;
module_param_named(bce_max, pmip6_bce_max_default, uint, 0644);
MODULE_PARM_DESC(bce_max, "Most BCEs per network namespace (new netns)");

static unsigned int pmip6_fmc_max_default = 1 << 20;
module_param_named(fmc_max, pmip6_fmc_max_default, uint, 0644);
MODULE_PARM_DESC(fmc_max, "Most FMC entries per network namespace (new netns)");

/* Caller holds conf_lock. Skips 0, which would disable dump checks. */
void pmip6_net_generation_bump(struct pmip6_net *pn)
{
	lockdep_assert_held(&pn->conf_lock);

	if (++pn->generation == 0)
		pn->generation = 1;
}

/**
 * pmip6_net_instance_set - configure the node of a netns
 * @pn: the netns's state; the caller holds @pn->conf_lock
 * @role: a valid enum pmip6_role (the caller validated it)
 * @local_addr: new tunnel endpoint, or NULL to leave it unchanged
 * @remote: new remote prefix list (validated by the caller), or NULL to
 *	leave it unchanged
 * @extack: says why a change was refused
 *
 * The first role creates the netns's pmip6 device; the packet path's copy
 * of role, address and remote prefixes (pn->conf) is republished.
 *
 * Return: 0, or -EBUSY when the role would change while mobility state
 * exists, -EINVAL when a MAG would keep remote prefixes, -ENOMEM, or why
 * the device could not be registered; then nothing changed.
 */
int pmip6_net_instance_set(struct pmip6_net *pn, u32 role,
			   const struct in6_addr *local_addr,
			   const struct pmip6_remote_prefixes *remote,
			   struct netlink_ext_ack *extack)
{
	struct pmip6_conf *conf, *old;
	int ret;

	lockdep_assert_held(&pn->conf_lock);
	old = rcu_dereference_protected(pn->conf,
					lockdep_is_held(&pn->conf_lock));

	/*
	 * Changing role is free while the node holds no mobility state. With
	 * live entries it is refused: an LMA's BCEs mean nothing to a MAG.
	 * Every BCE and FMC entry hangs off an MN, so n_mn counts them; a
	 * MAG's BUL entries and either role's RO states count apart.
	 */
	if (pn->role && role != pn->role &&
	    (pn->n_mn || pn->n_bul || pn->n_ro)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "cannot change role while BCEs, FMC or BUL entries or RO states exist");
		return -EBUSY;
	}
	/* Only an LMA detects localized routing chances (draft 3). */
	if (role != PMIP6_ROLE_LMA &&
	    ((remote && remote->n) || (!remote && old && old->remote.n))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "remote prefixes are for the LMA role; clear them first");
		return -EINVAL;
	}

	/* Everything that can fail first, so that failing changes nothing. */
	conf = kzalloc(sizeof(*conf), GFP_KERNEL_ACCOUNT);
	if (!conf)
		return -ENOMEM;
	/* A node with a role has its device (kept on later role changes). */
	ret = pmip6_device_create(pn, extack);
	if (ret) {
		kfree(conf);
		return ret;
	}
	/* A MAG catches its MNs' packets in PRE_ROUTING. */
	if (role == PMIP6_ROLE_MAG) {
		ret = pmip6_datapath_mag_enable(pn);
		if (ret) {
			NL_SET_ERR_MSG_MOD(extack,
					   "cannot register the netfilter hook");
			kfree(conf);
			return ret;
		}
	}

	pn->role = role;
	if (local_addr)
		pn->local_addr = *local_addr;

	/* The packet path's copy, replaced as a whole. */
	conf->role = pn->role;
	conf->local_addr = pn->local_addr;
	if (remote)
		conf->remote = *remote;
	else if (old)
		conf->remote = old->remote;
	rcu_assign_pointer(pn->conf, conf);
	if (old)
		kfree_rcu(old, rcu);

	pmip6_net_generation_bump(pn);
	return 0;
}

static int __net_init pernet_init(struct net *net)
{
	struct pmip6_net *pn = pmip6_net_of(net);
	int ret;

	/* The netns core zeroed *pn: role unset, local address unspecified. */
	mutex_init(&pn->conf_lock);
	pn->generation = 1;
	/*
	 * A new instance has lost whatever a previous one held (RFC 5847
	 * 3.2): start from a value no earlier instance of this boot had.
	 */
	pn->restart_counter = (u32)ktime_get_real_seconds();
	pn->bce_max = pmip6_bce_max_default;
	pn->fmc_max = pmip6_fmc_max_default;
	pn->net = net;

	ret = pmip6_datapath_net_init(pn);
	if (ret)
		goto err_datapath;
	ret = pmip6_flowcache_net_init(pn);
	if (ret)
		goto err_flowcache;
	ret = pmip6_binding_net_init(pn);
	if (ret)
		goto err_binding;
	ret = pmip6_bul_net_init(pn);
	if (ret)
		goto err_bul;
	ret = pmip6_ro_net_init(pn);
	if (ret)
		goto err_ro;

	pr_debug("netns instance %llu created\n", net->net_cookie);
	return 0;

err_ro:
	pmip6_bul_net_exit(pn);
err_bul:
	pmip6_binding_net_exit(pn);
err_binding:
	pmip6_flowcache_net_exit(pn);
err_flowcache:
	pmip6_datapath_net_exit(pn);
err_datapath:
	mutex_destroy(&pn->conf_lock);
	return ret;
}

/*
 * Packets may reach a dying netns until the core's default_device exit
 * removes its devices, after our exits. The packet path reaches the
 * tables only through pn->conf, so unpublish it here: the netns core
 * waits for a grace period between pre_exit and exit, after which no
 * reader has it.
 */
static void __net_exit pernet_pre_exit(struct net *net)
{
	struct pmip6_net *pn = pmip6_net_of(net);
	struct pmip6_conf *conf;

	mutex_lock(&pn->conf_lock);
	conf = rcu_replace_pointer(pn->conf, NULL,
				   lockdep_is_held(&pn->conf_lock));
	mutex_unlock(&pn->conf_lock);
	if (conf)
		kfree_rcu(conf, rcu);
}

static void __net_exit pernet_exit(struct net *net)
{
	struct pmip6_net *pn = pmip6_net_of(net);

	/*
	 * No one holds conf_lock here. A netns is dismantled only once its
	 * last socket is gone, so no handler of ours runs in it; and on
	 * module unload the genl family was unregistered first, which waits
	 * for running handlers. Objects go by the same removal path as for
	 * a netlink delete. Packets that still arrive leave the tables
	 * alone: see pernet_pre_exit().
	 */
	pmip6_ro_net_exit(pn);
	pmip6_bul_net_exit(pn);
	pmip6_binding_net_exit(pn);
	pmip6_flowcache_net_exit(pn);
	pmip6_datapath_net_exit(pn);
	mutex_destroy(&pn->conf_lock);

	pr_debug("netns instance %llu destroyed\n", net->net_cookie);
}

static struct pernet_operations pmip6_net_ops = {
	.init = pernet_init,
	.pre_exit = pernet_pre_exit,
	.exit = pernet_exit,
	.exit_batch_rtnl = pmip6_device_exit_batch_rtnl,
	.id = &pmip6_net_id,
	.size = sizeof(struct pmip6_net),
};

/*
 * Device rather than subsys pernet operations: the fast path owns a
 * virtual netdevice per netns, and include/net/net_namespace.h asks
 * network device implementations to use the device variant, whose exit
 * runs before the subsystems' cleanup of a dying netns.
 */
int pmip6_netns_init(void)
{
	return register_pernet_device(&pmip6_net_ops);
}

void pmip6_netns_uninit(void)
{
	unregister_pernet_device(&pmip6_net_ops);
}
