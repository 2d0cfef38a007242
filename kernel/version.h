/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PMIP6_VERSION_H
#define _PMIP6_VERSION_H

#define PMIP6_VERSION "0.1.0"

#endif /* _PMIP6_VERSION_H */
