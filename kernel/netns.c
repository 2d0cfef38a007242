// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state of pmip6.
 */

#include "compat.h"
#include "netns.h"

#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/pmip6.h>

unsigned int pmip6_net_id __read_mostly;

/* Caller holds conf_lock. Skips 0, which would disable dump checks. */
static void generation_bump(struct pmip6_net *pn)
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
 */
void pmip6_net_instance_set(struct pmip6_net *pn, u32 role,
			    const struct in6_addr *local_addr)
{
	lockdep_assert_held(&pn->conf_lock);

	/*
	 * Changing role is free while the node holds no mobility state. Once
	 * binding caches exist, a role change with live entries must be
	 * refused: an LMA's BCEs mean nothing to a MAG.
	 */
	pn->role = role;
	if (local_addr)
		pn->local_addr = *local_addr;
	generation_bump(pn);
}

static int __net_init pernet_init(struct net *net)
{
	struct pmip6_net *pn = pmip6_net_of(net);

	/* The netns core zeroed *pn: role unset, local address unspecified. */
	mutex_init(&pn->conf_lock);
	pn->generation = 1;

	pr_debug("netns instance %llu created\n", net->net_cookie);
	return 0;
}

static void __net_exit pernet_exit(struct net *net)
{
	struct pmip6_net *pn = pmip6_net_of(net);

	/*
	 * No one holds conf_lock here. A netns is dismantled only once its
	 * last socket is gone, so no handler of ours runs in it; and on
	 * module unload the genl family was unregistered first, which waits
	 * for running handlers.
	 */
	mutex_destroy(&pn->conf_lock);

	pr_debug("netns instance %llu destroyed\n", net->net_cookie);
}

static struct pernet_operations pmip6_net_ops = {
	.init = pernet_init,
	.exit = pernet_exit,
	.id = &pmip6_net_id,
	.size = sizeof(struct pmip6_net),
};

/*
 * Device rather than subsys pernet operations: the fast path will own a
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
