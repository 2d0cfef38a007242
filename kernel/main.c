// SPDX-License-Identifier: GPL-2.0
/*
 * pmip6: Proxy Mobile IPv6 (RFC 5213) fast path, with flow mobility
 * (RFC 7864) and localized routing. Signaling lives in userspace (pmipd);
 * this module keeps what the per-packet path needs, per network namespace,
 * and is configured over the "pmip6" generic netlink family.
 */

#include "compat.h"
#include "binding.h"
#include "bul.h"
#include "flowcache.h"
#include "netlink.h"
#include "netns.h"
#include "ro.h"
#include "tunnel.h"
#include "version.h"

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pmip6.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>

static bool selftest;
module_param(selftest, bool, 0444);
MODULE_PARM_DESC(selftest, "Check the flow classifier at load; refuse to load if it fails");

/*
 * Object caches first, then per-netns state, then the family: a request may arrive as soon as
 * the family is registered, and it needs the state of its netns.
 */
static int __init pmip6_mod_init(void)
{
	int ret;

	ret = pmip6_binding_init();
	if (ret < 0)
		goto err_binding;
	ret = pmip6_flowcache_init();
	if (ret < 0)
		goto err_flowcache;
	ret = pmip6_bul_init();
	if (ret < 0)
		goto err_bul;
	ret = pmip6_ro_init();
	if (ret < 0)
		goto err_ro;
	if (selftest) {
		/* The classifier's entries come from the FMC entry cache. */
		ret = pmip6_selftest_classify();
		if (!ret)
			ret = pmip6_bul_selftest();
		if (!ret)
			ret = pmip6_ro_selftest();
		if (ret < 0)
			goto err_selftest;
	}
	ret = pmip6_netns_init();
	if (ret < 0)
		goto err_netns;

	/* The receive handler reads per-netns state: after pernet. */
	ret = pmip6_tunnel_init();
	if (ret < 0)
		goto err_tunnel;

	ret = pmip6_genl_init();
	if (ret < 0)
		goto err_genl;

	pr_info("Proxy Mobile IPv6 " PMIP6_VERSION " loaded\n");
	return 0;

err_genl:
	pmip6_tunnel_uninit();
err_tunnel:
	pmip6_netns_uninit();
	/* The netns exits freed objects with call_rcu(). */
	rcu_barrier();
err_netns:
err_selftest:
	pmip6_ro_uninit();
err_ro:
	pmip6_bul_uninit();
err_bul:
	pmip6_flowcache_uninit();
err_flowcache:
	pmip6_binding_uninit();
err_binding:
	return ret;
}

/* The reverse of pmip6_mod_init(). */
static void __exit pmip6_mod_exit(void)
{
	/* Waits for running handlers, so none touches state freed below. */
	pmip6_genl_uninit();
	/* Waits for packets running the receive handler. */
	pmip6_tunnel_uninit();
	pmip6_netns_uninit();
	/*
	 * Objects the netns teardown freed with call_rcu() must be freed
	 * before the code of their callbacks goes away with the module, and
	 * before their caches are destroyed.
	 */
	rcu_barrier();
	pmip6_ro_uninit();
	pmip6_bul_uninit();
	pmip6_flowcache_uninit();
	pmip6_binding_uninit();
}

module_init(pmip6_mod_init);
module_exit(pmip6_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Proxy Mobile IPv6 (RFC 5213) fast path");
MODULE_VERSION(PMIP6_VERSION);
MODULE_ALIAS_GENL_FAMILY(PMIP6_GENL_NAME);
