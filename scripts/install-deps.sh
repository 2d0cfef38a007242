#!/bin/sh
# Install, only when missing, every Debian package that building pmip6,
# booting the test VM and running the tests need.  Idempotent: a second run
# installs nothing and does not touch the network.
#
# usage: scripts/install-deps.sh
set -eu

PACKAGES="
build-essential
pkg-config
libnl-3-dev
libnl-genl-3-dev
linux-image-amd64
linux-headers-amd64
linux-image-6.12-amd64
linux-headers-6.12-amd64
linux-source-6.1
qemu-system-x86
busybox-static
kmod
iproute2
iputils-ping
util-linux
procps
tshark
tcpdump
xz-utils
zstd
cpio
python3
python3-yaml
clang
llvm
libclang-rt-14-dev
valgrind
sparse
strongswan-charon
strongswan-swanctl
faketime
"

missing=
for pkg in $PACKAGES; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = installed ] || missing="$missing $pkg"
done

if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing:$missing" >&2
	echo "install-deps: run as root (or with sudo) to install them" >&2
	exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
