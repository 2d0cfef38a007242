// SPDX-License-Identifier: GPL-2.0
/*
 * pmip6: Proxy Mobile IPv6 (RFC 5213) fast path, with flow mobility
 * (RFC 7864) and localized routing. Signaling lives in userspace (pmipd);
 * this module keeps what the per-packet path needs, per network namespace,
 * and is configured over the "pmip6" generic netlink family.
 */

#include "compat.h"
#include "netlink.h"
#include "netns.h"
#include "version.h"

#include <linux/init.h>
#include <linux/module.h>
#include <linux/pmip6.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>

/*
 * Per-netns state first, then the family: a request may arrive as soon as
 * the family is registered, and it needs the state of its netns.
 */
static int __init pmip6_mod_init(void)
{
	int ret;

	ret = pmip6_netns_init();
	if (ret < 0)
		goto err_netns;

	ret = pmip6_genl_init();
	if (ret < 0)
		goto err_genl;

	pr_info("Proxy Mobile IPv6 " PMIP6_VERSION " loaded\n");
	return 0;

err_genl:
	pmip6_netns_uninit();
err_netns:
	return ret;
}

/* The reverse of pmip6_mod_init(). */
static void __exit pmip6_mod_exit(void)
{
	/* Waits for running handlers, so none touches state freed below. */
	pmip6_genl_uninit();
	pmip6_netns_uninit();
	/*
	 * Objects the netns teardown freed with call_rcu() must be freed
	 * before the code of their callbacks goes away with the module.
	 */
	rcu_barrier();
}

module_init(pmip6_mod_init);
module_exit(pmip6_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Proxy Mobile IPv6 (RFC 5213) fast path");
MODULE_VERSION(PMIP6_VERSION);
MODULE_ALIAS_GENL_FAMILY(PMIP6_GENL_NAME);
