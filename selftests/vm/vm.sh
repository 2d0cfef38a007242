#!/bin/bash
# Run a command inside a QEMU VM booted with a Debian kernel, with the host's
# root shared read-only over virtio-9p and pmip6.ko loadable by name.
#
# usage: selftests/vm/vm.sh [-k 6.1|6.12] [-t TIMEOUT_S] [-M MIB] [-o JOBDIR] -m MODULE -- CMD...
#
#   -k  kernel series to boot (default: $PMIP6_KERNEL or 6.1)
#   -t  hard timeout in seconds for the whole VM (default 900)
#   -M  the VM's memory in MiB (default 2048; the benchmarks' largest
#       points need more)
#   -o  job directory (kept; default: a fresh one under build/vm/)
#   -m  pmip6.ko built for that kernel
#   CMD runs under bash in the repository root inside the VM.
#
# Exit status: CMD's exit status; 124 if the VM timed out; 125 if the VM
# died without reporting one (panic, WARN with panic_on_warn=1, crash).
# The guest's serial console is written to JOBDIR/console.log.
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
series=${PMIP6_KERNEL:-6.1}
timeout_s=900
mem_mib=2048
jobdir=
module=
while getopts "k:t:M:o:m:" opt; do
	case $opt in
	k) series=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	M) mem_mib=$OPTARG ;;
	o) jobdir=$OPTARG ;;
	m) module=$OPTARG ;;
	*) echo "usage: $0 [-k 6.1|6.12] [-t SECONDS] [-M MIB] [-o JOBDIR] -m MODULE -- CMD..." >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
if [ $# -eq 0 ] || [ -z "$module" ]; then
	echo "vm.sh: need -m MODULE and a command" >&2
	exit 2
fi
[ -r "$module" ] || { echo "vm.sh: module $module not found" >&2; exit 2; }
case $timeout_s in ''|*[!0-9]*) echo "vm.sh: bad timeout '$timeout_s'" >&2; exit 2 ;; esac
case $mem_mib in ''|*[!0-9]*) echo "vm.sh: bad memory size '$mem_mib' (MiB)" >&2; exit 2 ;; esac

kver=$("$src/scripts/kver.sh" "$series")
module=$(realpath "$module")

# Stage 1 initramfs, cached per kernel version: static busybox, the init
# script, and this kernel's virtio/9p/overlay modules in load order
# (decompressed: busybox insmod does not read .ko.xz).
initrd=$src/build/vm/$kver/initramfs.cpio.gz
if [ ! -e "$initrd" ] || [ "$src/selftests/vm/initramfs-init" -nt "$initrd" ]; then
	root=$src/build/vm/$kver/initramfs
	rm -rf "$root"
	mkdir -p "$root"/{bin,proc,sys,dev,newroot,modules}
	cp /bin/busybox "$root/bin/busybox"
	cp "$src/selftests/vm/initramfs-init" "$root/init"
	: >"$root/modules/order"
	for want in virtio_pci 9pnet_virtio 9p; do
		modprobe -S "$kver" --show-depends "$want" | while read -r kind path _; do
			[ "$kind" = insmod ] || continue
			name=$(basename "$path")
			name=${name%.xz}; name=${name%.zst}
			grep -qx "$name" "$root/modules/order" && continue
			case $path in
			*.xz)  xz -dc "$path" >"$root/modules/$name" ;;
			*.zst) zstd -qdc "$path" >"$root/modules/$name" ;;
			*)     cp "$path" "$root/modules/$name" ;;
			esac
			echo "$name" >>"$root/modules/order"
		done
	done
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
fi

if [ -z "$jobdir" ]; then
	mkdir -p "$src/build/vm"
	jobdir=$(mktemp -d "$src/build/vm/job.XXXXXX")
fi
mkdir -p "$jobdir"
jobdir=$(realpath "$jobdir")
rm -rf "$jobdir/rc" "$jobdir/output.log" "$jobdir/dmesg.log" "$jobdir/modroot"

# Module index with pmip6.ko in updates/, built here: depmod inside the VM
# reads every module of the kernel over 9p under emulation (~30 s).
modroot=$jobdir/modroot/lib/modules/$kver
mkdir -p "$modroot/updates"
ln -s "/lib/modules/$kver/kernel" "$modroot/kernel"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	cp "/lib/modules/$kver/$f" "$modroot/"
done
cp "$module" "$modroot/updates/pmip6.ko"
depmod -b "$jobdir/modroot" "$kver"
{
	printf 'PMIP6_SRC=%q\n' "$src"
	printf 'PMIP6_CMD=%q\n' "$*"
	printf 'PMIP6_KERNEL=%q\n' "$series"
	printf 'export PMIP6_SRC PMIP6_CMD PMIP6_KERNEL\n'
} >"$jobdir/env"

# panic_on_warn: a WARN is a failure. panic=-1 + -no-reboot: a panic ends
# the VM at once instead of hanging until the timeout.
append="console=ttyS0 panic_on_warn=1 panic=-1 oops=panic loglevel=7 printk.time=1"
append="$append pmip6.dyndbg=+p"
cpus=$(nproc)
[ "$cpus" -gt 2 ] && cpus=2

set +e
timeout -k 10 "$timeout_s" qemu-system-x86_64 \
	-accel tcg -cpu max -smp "$cpus" -m "$mem_mib" \
	-nodefaults -no-reboot -display none -monitor none \
	-serial stdio \
	-kernel "/boot/vmlinuz-$kver" -initrd "$initrd" -append "$append" \
	-device virtio-rng-pci \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev local,id=job,path="$jobdir",security_model=none,multidevs=remap \
	-device virtio-9p-pci,fsdev=job,mount_tag=job \
	-fsdev local,id=src,path="$src",security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=src,mount_tag=src \
	</dev/null >"$jobdir/console.log" 2>&1
qemu_rc=$?
set -e

if [ "$qemu_rc" -eq 124 ] || [ "$qemu_rc" -eq 137 ]; then
	echo "vm.sh: VM ($kver) timed out after ${timeout_s}s; console: $jobdir/console.log" >&2
	exit 124
fi
if [ ! -s "$jobdir/rc" ]; then
	echo "vm.sh: VM ($kver) ended without a result (qemu exit $qemu_rc);" \
	     "last console lines:" >&2
	tail -n 40 "$jobdir/console.log" >&2
	exit 125
fi
exit "$(cat "$jobdir/rc")"
