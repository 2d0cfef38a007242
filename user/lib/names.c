// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <linux/pmip6.h>

#include "names.h"

static const char *const role_names[] = {
	[PMIP6_ROLE_LMA] = "lma",
	[PMIP6_ROLE_MAG] = "mag",
};

static const char *const attr_names[] = {
	[PMIP6_A_VERSION]	 = "version",
	[PMIP6_A_FAMILY_VERSION] = "family-version",
	[PMIP6_A_INSTANCE]	 = "instance",
};

static const char *const instance_attr_names[] = {
	[PMIP6_A_INSTANCE_ROLE]		 = "role",
	[PMIP6_A_INSTANCE_LOCAL_ADDR]	 = "local-addr",
	[PMIP6_A_INSTANCE_GENERATION]	 = "generation",
	[PMIP6_A_INSTANCE_NETNS_COOKIE] = "netns-cookie",
	[PMIP6_A_INSTANCE_PAD]		 = "pad",
};

#define LOOKUP(table, i) \
	((i) < sizeof(table) / sizeof((table)[0]) ? (table)[i] : NULL)

const char *pmip6_role_name(uint32_t role)
{
	return LOOKUP(role_names, role);
}

int pmip6_role_parse(const char *s, uint32_t *role)
{
	for (uint32_t i = 1; i <= PMIP6_ROLE_MAX; i++) {
		if (role_names[i] && !strcmp(s, role_names[i])) {
			*role = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *pmip6_attr_name(uint32_t type)
{
	return LOOKUP(attr_names, type);
}

const char *pmip6_instance_attr_name(uint32_t type)
{
	return LOOKUP(instance_attr_names, type);
}
