// SPDX-License-Identifier: GPL-2.0
/*
 * The pmip6 netdevice (device.h says what it is for).
 */

#include "compat.h"
#include "datapath.h"
#include "device.h"
#include "netns.h"

#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/rtnetlink.h>

static const struct net_device_ops pmip6_netdev_ops = {
	.ndo_start_xmit = pmip6_dp_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

static const struct device_type pmip6_device_type = {
	.name = KBUILD_MODNAME,
};

/* What the device can take from the stack; segmented after encapsulation. */
#define PMIP6_DEV_FEATURES (NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
			    NETIF_F_GSO_SOFTWARE | NETIF_F_HW_CSUM)

static void pmip6_dev_setup(struct net_device *dev)
{
	dev->netdev_ops = &pmip6_netdev_ops;
	/*
	 * An L3 device like wireguard's: no link-layer header or address,
	 * no neighbour discovery, and so no link-local address either.
	 */
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	/*
	 * Routing already queued the packet once; a qdisc here would only
	 * add a lock. Transmit runs in parallel on every CPU (LLTX): it
	 * reads only RCU state and per-CPU counters.
	 */
	dev->priv_flags |= IFF_NO_QUEUE;
	pmip6_dev_set_lltx(dev);
	/* Its packets belong to this netns's instance: no moving. */
	pmip6_dev_set_netns_immutable(dev);
	dev->features |= PMIP6_DEV_FEATURES;
	dev->hw_features |= PMIP6_DEV_FEATURES;
	/* Our header, and a link layer in front of it, without a realloc. */
	dev->needed_headroom = LL_MAX_HEADER + sizeof(struct ipv6hdr);
	/* RFC 2473 section 7: the outer header comes out of a 1500 link. */
	dev->mtu = ETH_DATA_LEN - sizeof(struct ipv6hdr);
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP6_MAX_MTU - sizeof(struct ipv6hdr);
	/* The core allocates dev->tstats; ip6tunnel_xmit() counts there. */
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	/*
	 * Keep the inner packet's dst through transmit: the tunnel code
	 * reports the path MTU on it and answers Packet Too Big by it.
	 */
	netif_keep_dst(dev);
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &pmip6_device_type);
}

int pmip6_device_create(struct pmip6_net *pn, struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	int ret;

	lockdep_assert_held(&pn->conf_lock);

	/* Created once and only under conf_lock: this read cannot race. */
	if (rcu_access_pointer(pn->dev))
		return 0;

	dev = alloc_netdev(0, PMIP6_DEV_NAME, NET_NAME_PREDICTABLE,
			   pmip6_dev_setup);
	if (!dev)
		return -ENOMEM;
	dev_net_set(dev, pn->net);

	rtnl_lock();
	ret = register_netdevice(dev);
	if (ret) {
		rtnl_unlock();
		/* Never registered: needs_free_netdev does not apply. */
		free_netdev(dev);
		if (ret == -EEXIST)
			NL_SET_ERR_MSG_MOD(extack, "a device named "
					   PMIP6_DEV_NAME " exists in this netns");
		else
			NL_SET_ERR_MSG_MOD(extack, "cannot register the pmip6 device");
		return ret;
	}
	rcu_assign_pointer(pn->dev, dev);
	rtnl_unlock();

	netdev_dbg(dev, "created in netns %llu\n", pn->net->net_cookie);
	return 0;
}

/*
 * Runs under RTNL before any pernet .exit of the dying netns (and before
 * the core's default_device exit would unregister the device on its own).
 * The packet path loses the pointer first; unregister_netdevice_many()
 * waits for a grace period before the device can go, so a reader that
 * still holds it finishes with a live device.
 */
void pmip6_device_exit_batch_rtnl(struct list_head *net_exit_list,
				  struct list_head *dev_kill_list)
{
	struct net *net;

	ASSERT_RTNL();

	list_for_each_entry(net, net_exit_list, exit_list) {
		struct pmip6_net *pn = pmip6_net_of(net);
		struct net_device *dev = rtnl_dereference(pn->dev);

		if (!dev)
			continue;
		RCU_INIT_POINTER(pn->dev, NULL);
		unregister_netdevice_queue(dev, dev_kill_list);
	}
}
