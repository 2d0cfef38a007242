/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Names shared by pmipctl and pmipd: roles and attribute names as the YNL
 * spec (Documentation/netlink/specs/pmip6.yaml) spells them.
 */
#ifndef PMIP6_USER_NAMES_H
#define PMIP6_USER_NAMES_H

#include <stdint.h>

/* "lma" / "mag", or NULL for a value this tool does not know. */
const char *pmip6_role_name(uint32_t role);

/* Parse "lma" / "mag"; returns 0 and sets *role, or -EINVAL. */
int pmip6_role_parse(const char *s, uint32_t *role);

/* Attribute names: top level (attribute-set pmip6) and the instance nest. */
const char *pmip6_attr_name(uint32_t type);
const char *pmip6_instance_attr_name(uint32_t type);

#endif /* PMIP6_USER_NAMES_H */
