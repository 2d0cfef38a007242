#!/bin/sh
# Print the newest installed Debian kernel version of a series that has both
# an image (/boot/vmlinuz-VER) and headers (/lib/modules/VER/build).
# Never `uname -r`: that is the host's kernel, not the one the VM boots.
#
# usage: scripts/kver.sh [6.1|6.12]   (default 6.1)
set -eu
series=${1:-6.1}
case $series in
6.1)  pattern='6.1.0-*-amd64' ;;
6.12) pattern='6.12.*+deb12-amd64' ;;
*)    echo "kver: unknown kernel series '$series' (want 6.1 or 6.12)" >&2
      exit 2 ;;
esac
best=
for dir in /lib/modules/$pattern; do
	ver=${dir##*/}
	[ -e "$dir/build/Makefile" ] && [ -e "/boot/vmlinuz-$ver" ] || continue
	best="$best$ver
"
done
best=$(printf '%s' "$best" | sort -V | tail -n1)
if [ -z "$best" ]; then
	echo "kver: no Debian $series kernel with headers installed;" \
	     "run scripts/install-deps.sh" >&2
	exit 1
fi
echo "$best"
