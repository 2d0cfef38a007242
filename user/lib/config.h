/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmipd configuration file: a pure parser (no printing, no globals).
 *
 * Format, one setting per line, '#' starts a comment:
 *
 *	role lma|mag
 *	local ADDR		# IPv6 tunnel endpoint (LMAA or Proxy-CoA)
 *
 * Every bad line is an error naming the file, the line and the bad token.
 */
#ifndef PMIP6_USER_CONFIG_H
#define PMIP6_USER_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pmipd_config {
	bool has_role;
	uint32_t role;			/* enum pmip6_role */
	bool has_local_addr;
	struct in6_addr local_addr;
};

/*
 * Parse the whole stream into *cfg (zeroed first). name is only used in
 * error text ("FILE:LINE: ..."). Returns 0, or -EINVAL with err set for a
 * bad line, or another negative errno for a read error.
 */
int pmipd_config_parse(FILE *f, const char *name, struct pmipd_config *cfg,
		       char *err, size_t errlen);

#endif /* PMIP6_USER_CONFIG_H */
