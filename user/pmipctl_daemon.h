/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmipctl's daemon commands: a client of pmipd's control socket (see
 * daemon/ctl.c for the protocol). The kernel commands are in pmipctl.c.
 */
#ifndef PMIPCTL_DAEMON_H
#define PMIPCTL_DAEMON_H

#include <stdbool.h>

#define PMIPCTL_DAEMON_USAGE \
	"pmipctl [-j] daemon [show|stats|bindings|pending|heartbeat]\n" \
	"       pmipctl daemon attach MN-ID dev IFNAME [ll-addr FE80::...]   (MAG)\n" \
	"       pmipctl daemon detach MN-ID                                  (MAG)\n" \
	"       pmipctl daemon revoke MN-ID [bid N]                          (LMA)\n" \
	"       pmipctl [-j] daemon flow show [MN-ID]                          (LMA)\n" \
	"       pmipctl daemon flow add MN-ID fid N [prio P] [action forward|drop] bid B [SELECTOR]\n" \
	"       pmipctl daemon flow move MN-ID fid N bid B                   (LMA)\n" \
	"       pmipctl daemon flow remove MN-ID fid N | bid B [hnp P/64]    (LMA)\n" \
	"       pmipctl daemon flow request add|move|remove MN-ID ...        (LMA, an MN's decision)\n" \
	"       pmipctl [-j] daemon ro [show]         localized routing pairs (LMA) or states (MAG)\n" \
	"       pmipctl daemon ro request MN-ID dst PREFIX/64                (MAG)\n" \
	"       (PMIPD_CONTROL=NAME picks pmipd's control socket, default pmipd)\n"

/* argv[0] is "daemon". Returns the exit status: 0, 1 runtime, 2 usage. */
int pmipctl_daemon_main(int argc, char *argv[], bool json);

#endif /* PMIPCTL_DAEMON_H */
