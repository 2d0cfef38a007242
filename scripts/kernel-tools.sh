#!/bin/sh
# Extract, once, the pieces of Debian's linux-source-6.1 tarball that the
# build needs: the kselftest harness headers and checkpatch.pl.  They are
# not copied into the tree (they are the kernel's, and Debian ships them).
#
# usage: scripts/kernel-tools.sh OUTDIR
set -eu
out=${1:?usage: $0 OUTDIR}
stamp=$out/.extracted
[ -f "$stamp" ] && exit 0
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n1)
if [ -z "$tarball" ]; then
	echo "kernel-tools: /usr/src/linux-source-6.1.tar.* missing;" \
	     "run scripts/install-deps.sh" >&2
	exit 1
fi
mkdir -p "$out"
tar -C "$out" --strip-components=1 -xf "$tarball" \
	linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
	linux-source-6.1/tools/testing/selftests/kselftest.h \
	linux-source-6.1/scripts/checkpatch.pl \
	linux-source-6.1/scripts/spelling.txt \
	linux-source-6.1/scripts/const_structs.checkpatch \
	linux-source-6.1/Documentation/netlink/genetlink-legacy.yaml \
	2>/dev/null || tar -C "$out" --strip-components=1 -xf "$tarball" \
	linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
	linux-source-6.1/tools/testing/selftests/kselftest.h \
	linux-source-6.1/scripts/checkpatch.pl \
	linux-source-6.1/scripts/spelling.txt \
	linux-source-6.1/scripts/const_structs.checkpatch
touch "$stamp"
