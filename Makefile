# SPDX-License-Identifier: GPL-2.0
#
# pmip6: Proxy Mobile IPv6 for Linux.
#
#   make              module for $(KVER) (default: newest Debian 6.1), pmipd,
#                     pmipctl and the selftests; warnings are errors
#   make modules-all  pmip6.ko for every kernel the test VM boots
#   make test         the whole suite (host tests, then VMs on 6.1 and 6.12)
#   make demo         the main job: a PMIPv6 domain in a VM
#   make style        checkpatch on kernel/
#   make sparse       sparse on kernel/
#   make bench        the benchmark tools in build/bench (bench/run.sh runs them)
#   make clean
#
# Fresh machine: scripts/test.sh and scripts/demo.sh install what is
# missing first (README.md).

KSERIES ?= 6.1
KVER ?= $(shell scripts/kver.sh $(KSERIES))
KDIR ?= /lib/modules/$(KVER)/build
KTOOLS := $(CURDIR)/build/ktools
KSFT_DIR := $(KTOOLS)/tools/testing/selftests
KBUILD_ARGS := W=1 KCFLAGS=-Werror

.PHONY: all module modules-all user user-san selftests ktools test demo style sparse bench clean

all: module user user-san selftests

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_ARGS) modules

# One out-of-tree build per kernel, each in its own copy of the sources
# (kbuild on 6.1 cannot put objects outside M=).
modules-all:
	@set -e; for series in 6.1 6.12; do \
		kver=$$(scripts/kver.sh $$series); \
		out=build/kbuild/$$kver; \
		mkdir -p $$out; \
		cp -r Kbuild kernel include $$out/; \
		$(MAKE) -C /lib/modules/$$kver/build M=$(CURDIR)/$$out \
			$(KBUILD_ARGS) modules; \
	done

ktools:
	scripts/kernel-tools.sh $(KTOOLS)

user:
	$(MAKE) -C user
	$(MAKE) -C user/mh

# pmipd and pmipctl under ASan/UBSan: the VM tests run these when built.
user-san:
	$(MAKE) -C user O=$(CURDIR)/build/user-san SANITIZE=1

# The netns scenarios' helper programs, with warnings as errors, so that a
# broken one fails the build instead of every scenario that runs it. The
# scripts use these (selftests/netns/lib.sh, prebuilt) and compile their
# own copy only when a source is newer.
NETNS_MH_SRCS := $(addprefix user/mh/,mh_msg.c mh_opt.c mh_ts.c mh_checksum.c mh_pcap.c \
		   mh_strerror.c)
NETNS_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror

selftests: ktools
	$(MAKE) -C selftests/netlink KSFT_DIR=$(KSFT_DIR)
	mkdir -p build/selftests
	$(CC) $(NETNS_CFLAGS) -o build/selftests/mhinject selftests/netns/mhinject.c \
		$(NETNS_MH_SRCS)
	$(CC) $(NETNS_CFLAGS) -Iinclude/uapi -Iselftests/netlink -o build/selftests/nlprog \
		selftests/netns/nlprog.c selftests/netlink/rawnl.c
	$(CC) $(NETNS_CFLAGS) -fPIC -shared -Iinclude/uapi -o build/selftests/nllose.so \
		selftests/netns/nllose.c -ldl

test:
	scripts/test.sh

demo:
	scripts/demo.sh

style: ktools
	perl $(KTOOLS)/scripts/checkpatch.pl --no-tree --strict --quiet \
		-f $(filter-out %.mod.c,$(wildcard kernel/*.c)) $(wildcard kernel/*.h)

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 modules

# The benchmark tools, with the warnings of the rest of userspace as errors.
# fmcload programs the kernel for the fast path, fmcmon listens to its flow
# notifications and probe sends and receives the probe flow for the flow
# move benchmark; pbuload links the Mobility Header codec's sources (no
# I/O in them). Always rebuilt: four small programs, and no stale binary
# can reach a benchmark VM. Recursive (=) so that pkg-config runs only for
# this target.
BENCH_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror
BENCH_NL = -Iinclude/uapi -Iuser $(shell pkg-config --cflags libnl-genl-3.0)
BENCH_NL_SRCS := user/lib/genl.c user/lib/names.c
BENCH_NL_LIBS = $(shell pkg-config --libs libnl-genl-3.0)
BENCH_MH_SRCS := $(addprefix user/mh/,mh_msg.c mh_opt.c mh_ts.c mh_checksum.c mh_strerror.c)

bench:
	mkdir -p build/bench
	$(CC) $(BENCH_CFLAGS) $(BENCH_NL) -o build/bench/fmcload bench/fmcload.c \
		$(BENCH_NL_SRCS) $(BENCH_NL_LIBS)
	$(CC) $(BENCH_CFLAGS) $(BENCH_NL) -o build/bench/fmcmon bench/fmcmon.c \
		$(BENCH_NL_SRCS) $(BENCH_NL_LIBS)
	$(CC) $(BENCH_CFLAGS) -Iuser/mh -o build/bench/pbuload bench/pbuload.c \
		$(BENCH_MH_SRCS)
	$(CC) $(BENCH_CFLAGS) -o build/bench/probe bench/probe.c

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C user clean
	-$(MAKE) -C user/mh clean
	-$(MAKE) -C selftests/netlink clean
	rm -rf build
