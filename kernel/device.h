/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "pmip6" netdevice: one per netns whose instance has a role. It is
 * the route target of the LMA's HNP pool (`ip -6 route add POOL dev
 * pmip6`: one route, never one per MN or flow), whose packets it tunnels
 * per datapath.c's decision, and the device decapsulated packets are
 * received on.
 *
 * Ownership: the netns's struct pmip6_net points at it (pmip6_net.dev)
 * and takes no reference; the device lives from the first INSTANCE_SET to
 * the netns's exit (or the module's unload, which exits every netns).
 * There are no rtnl_link_ops: it cannot be created, deleted or moved to
 * another netns by hand.
 */
#ifndef _PMIP6_DEVICE_H
#define _PMIP6_DEVICE_H

#include <linux/list.h>
#include <linux/netlink.h>

struct pmip6_net;

#define PMIP6_DEV_NAME "pmip6"

/* Creates the device if there is none yet. Takes RTNL; the caller holds conf_lock. */
int pmip6_device_create(struct pmip6_net *pn, struct netlink_ext_ack *extack);

/* pernet exit_batch_rtnl: queues the devices of dying netns for unregistration. */
void pmip6_device_exit_batch_rtnl(struct list_head *net_exit_list,
				  struct list_head *dev_kill_list);

#endif /* _PMIP6_DEVICE_H */
