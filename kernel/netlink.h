/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pmip6 generic netlink family. Its ABI is include/uapi/linux/pmip6.h,
 * described by Documentation/netlink/specs/pmip6.yaml.
 */
#ifndef _PMIP6_NETLINK_H
#define _PMIP6_NETLINK_H

int pmip6_genl_init(void);
void pmip6_genl_uninit(void);

#endif /* _PMIP6_NETLINK_H */
