/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmip6 generic netlink client (libnl-genl-3).
 *
 * A small synchronous request/response layer over the "pmip6" family
 * (include/uapi/linux/pmip6.h, Documentation/netlink/specs/pmip6.yaml).
 * It keeps no global state and never prints: every function returns 0 or
 * a negative errno and, on failure, writes one line of text into the
 * caller's err buffer, e.g.
 *
 *	Invalid argument (kernel: integer out of range, at instance.role)
 *
 * The text after "kernel:" is the kernel's extended ACK (NLMSGERR_ATTR_MSG,
 * or NLMSGERR_ATTR_MISS_TYPE when the kernel names a missing attribute
 * without a message), so callers can show "errno + the kernel's reason".
 */
#ifndef PMIP6_USER_GENL_H
#define PMIP6_USER_GENL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Opaque handle: one netlink socket bound to the caller's network namespace. */
struct pmip6_genl;

/* Room for one error line; callers may use any size. */
#define PMIP6_ERRLEN 512

struct pmip6_version {
	char version[64];		/* PMIP6_A_VERSION, NUL-terminated */
	uint32_t family_version;	/* PMIP6_A_FAMILY_VERSION */
};

struct pmip6_instance {
	bool has_role;
	uint32_t role;			/* enum pmip6_role when has_role */
	bool has_local_addr;
	struct in6_addr local_addr;
	uint32_t generation;
	uint64_t netns_cookie;
};

/*
 * Open a generic netlink socket in the current network namespace and
 * resolve the "pmip6" family (which autoloads the module when it can).
 * On success *out owns the socket; release it with pmip6_genl_close().
 * Returns -ENOENT with an explanatory err when the family is not there.
 */
int pmip6_genl_open(struct pmip6_genl **out, char *err, size_t errlen);
void pmip6_genl_close(struct pmip6_genl *h);

/* The resolved generic netlink family id (for diagnostics). */
int pmip6_genl_family_id(const struct pmip6_genl *h);

/* PMIP6_CMD_VERSION_GET. */
int pmip6_version_get(struct pmip6_genl *h, struct pmip6_version *out,
		      char *err, size_t errlen);

/* PMIP6_CMD_INSTANCE_GET: the instance of the socket's network namespace. */
int pmip6_instance_get(struct pmip6_genl *h, struct pmip6_instance *out,
		       char *err, size_t errlen);

/*
 * PMIP6_CMD_INSTANCE_SET. local_addr may be NULL: the kernel then leaves
 * the instance's local address unchanged.
 */
int pmip6_instance_set(struct pmip6_genl *h, uint32_t role,
		       const struct in6_addr *local_addr,
		       char *err, size_t errlen);

#endif /* PMIP6_USER_GENL_H */
