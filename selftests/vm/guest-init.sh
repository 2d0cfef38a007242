#!/bin/bash
# pmip6 test VM, stage 2 (PID 1 in the host's read-only root).
#
# Make the freshly built module loadable by name (an overlay on this
# kernel's /lib/modules so that depmod, modprobe and generic netlink
# autoload work), run the job's command, record its exit code in the job
# directory and power off.  The host reads /tmp/job/rc; if it is missing,
# the run failed (panic, hang, or a crash of this script).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TMPDIR=/tmp LC_ALL=C
job=/tmp/job
. "$job/env"

poweroff_now() {
	sync
	echo o >/proc/sysrq-trigger
	sleep 30
}
trap poweroff_now EXIT

mkdir -p /dev/pts /dev/shm
# devtmpfs has no /dev/fd: bash process substitution needs it.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
mount -t tmpfs tmpfs /var/tmp 2>/dev/null || true
# ip netns keeps its mount points under /run/netns (tmpfs here).
mkdir -p /run/netns
hostname pmip6-vm
ip link set lo up

kver=$(uname -r)
moddir=/lib/modules/$kver
mkdir -p /tmp/modoverlay/upper /tmp/modoverlay/work
modprobe overlay
mount -t overlay overlay \
	-o "lowerdir=$moddir,upperdir=/tmp/modoverlay/upper,workdir=/tmp/modoverlay/work" \
	"$moddir"
mkdir -p "$moddir/updates"
cp "$job/modroot/lib/modules/$kver/updates/pmip6.ko" "$moddir/updates/pmip6.ko"
cp "$job/modroot/lib/modules/$kver"/modules.* "$moddir/"

echo "pmip6-vm: kernel $kver"
cd "$PMIP6_SRC"
bash -c "$PMIP6_CMD" 2>&1 | tee "$job/output.log"
rc=${PIPESTATUS[0]}
# A WARN with panic_on_warn=1 never gets here; anything the kernel logged at
# error level or above is still worth keeping for the host.
dmesg >"$job/dmesg.log" 2>/dev/null || true
echo "$rc" >"$job/rc"
echo "pmip6-vm: command exited with $rc"
