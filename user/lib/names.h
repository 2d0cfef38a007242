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

/* "forward" / "drop", or NULL for a value this tool does not know. */
const char *pmip6_fmc_action_name(uint32_t action);

/* Parse "forward" / "drop"; returns 0 and sets *action, or -EINVAL. */
int pmip6_fmc_action_parse(const char *s, uint32_t *action);

/* "controller" / "trigger" / "mag", or NULL for an unknown value. */
const char *pmip6_ro_owner_name(uint32_t owner);

/* Parse an RO owner name; returns 0 and sets *owner, or -EINVAL. */
int pmip6_ro_owner_parse(const char *s, uint32_t *owner);

/*
 * Attribute names as the spec spells them, per attribute set: top level
 * (pmip6), instance, bce, hnp, counters, fmc, ts, bul and ro. NULL when
 * unknown.
 */
const char *pmip6_attr_name(uint32_t type);
const char *pmip6_instance_attr_name(uint32_t type);
const char *pmip6_bce_attr_name(uint32_t type);
const char *pmip6_hnp_attr_name(uint32_t type);
const char *pmip6_counters_attr_name(uint32_t type);
const char *pmip6_fmc_attr_name(uint32_t type);
const char *pmip6_ts_attr_name(uint32_t type);
const char *pmip6_bul_attr_name(uint32_t type);
const char *pmip6_ro_attr_name(uint32_t type);
const char *pmip6_registration_attr_name(uint32_t type);

#endif /* PMIP6_USER_NAMES_H */
