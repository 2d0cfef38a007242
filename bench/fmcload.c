// SPDX-License-Identifier: GPL-2.0-only
/*
 * fmcload: program an LMA instance for the fast-path benchmark over
 * generic netlink, and time the kernel updates.
 *
 *   fmcload MNS FLOWS COA1 COA2 LMAA
 *
 * Sets this netns's instance to LMA (local LMAA), creates MNS mobile nodes
 * "mnK" (K = 0..MNS-1), each with two bindings sharing the prefix
 * 2001:db8:(0x10 + K / 65536):(K % 65536)::/64 (BID 1 -> COA1, BID 2 ->
 * COA2, RFC 7864 3.2.1), then FLOWS flow mobility cache entries spread
 * over the MNs: entry i belongs to mn(i % MNS) and selects UDP source port
 * 10000 + i / MNS, alternately on BID 1 and BID 2. The prefixes are
 * 2001:db8:10::/44 plus K in bits 44..63, so that pktgen's random
 * destination (random | min) & max reaches every MN when MNS is a power
 * of 2 (bench/fastpath.sh).
 *
 * Every update is one request, answered before the next is sent (as
 * pmipd programs the kernel). Prints one line per phase, and one for the
 * last tenth of the phase, whose rate shows whether an insert slows down
 * as the tables fill:
 *
 *   bce N seconds S per_second R
 *   bce_last10 N seconds S per_second R
 *   fmc N seconds S per_second R
 *   fmc_last10 N seconds S per_second R
 *
 * and what the FMC phase added to the kernel's memory (/proc/meminfo,
 * read before it and a second after it, so that deferred hash table
 * resizes are done): slab, vmalloc and per-CPU bytes (the entries'
 * counters), for bench/fastpath.sh's memory.csv:
 *
 *   memory fmc N slab_bytes S vmalloc_bytes V percpu_bytes P
 *	vmalloc_index_bytes I vmalloc_percpu_bytes C
 *
 * The vmalloc growth has two parts, told apart by their allocator in
 * /proc/vmallocinfo (readable by root; -1 otherwise): I, the index's
 * bucket arrays once too large for kmalloc (bucket_table_alloc), and C,
 * what new per-CPU chunks allocate beside their pages (pcpu_create_chunk):
 * with memcg accounting (GFP_KERNEL_ACCOUNT), an obj_cgroup pointer for
 * every 4-byte slot of a unit, about twice the per-CPU memory of one CPU.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MNS_MAX (1ul << 20)	/* K fits the 20 bits of 2001:db8:10::/44 */

#include <linux/pmip6.h>

#include "lib/genl.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void mn_id(struct pmip6_mn_id *id, unsigned long k)
{
	id->len = (size_t)snprintf((char *)id->id, sizeof(id->id), "mn%lu", k);
}

static unsigned long arg(const char *s, unsigned long max, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > max) {
		fprintf(stderr, "fmcload: invalid %s '%s' (expected 0..%lu)\n", what, s, max);
		exit(2);
	}
	return v;
}

/* 2001:db8:(0x10 + K / 65536):(K % 65536)::/64, bench/fastpath.sh's mn_prefix. */
static void mn_prefix(struct in6_addr *a, unsigned long k)
{
	uint32_t word = 0x00100000u + (uint32_t)k;

	inet_pton(AF_INET6, "2001:db8::", a);
	a->s6_addr[4] = (uint8_t)(word >> 24);
	a->s6_addr[5] = (uint8_t)(word >> 16);
	a->s6_addr[6] = (uint8_t)(word >> 8);
	a->s6_addr[7] = (uint8_t)word;
}

/*
 * Pages of the vmalloc areas that the function CALLER allocated
 * (/proc/vmallocinfo: "START-END SIZE CALLER+OFF/LEN pages=N ..."), in
 * bytes; -1 if the file cannot be read.
 */
static long long vmalloc_by(const char *caller)
{
	size_t len = strlen(caller);
	long long bytes = 0;
	char line[512];
	FILE *f = fopen("/proc/vmallocinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char who[128];
		const char *pages;

		/* The caller, then "+", or a suffix such as ".isra.0+". */
		if (sscanf(line, "%*s %*s %127s", who) != 1 || strncmp(who, caller, len) ||
		    (who[len] != '+' && who[len] != '.'))
			continue;
		pages = strstr(line, " pages=");
		if (pages)
			bytes += strtoll(pages + 7, NULL, 10) * sysconf(_SC_PAGESIZE);
	}
	fclose(f);
	return bytes;
}

/* One /proc/meminfo field, in bytes; -1 if the kernel has no such field. */
static long long meminfo(const char *field)
{
	char line[256];
	size_t len = strlen(field);
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, len) && line[len] == ':') {
			kb = strtoll(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

static void report(const char *phase, unsigned long n, double seconds,
		   unsigned long last_n, double last_seconds)
{
	printf("%s %lu seconds %.3f per_second %.0f\n", phase, n, seconds,
	       n && seconds > 0 ? n / seconds : 0);
	printf("%s_last10 %lu seconds %.3f per_second %.0f\n", phase, last_n, last_seconds,
	       last_n && last_seconds > 0 ? last_n / last_seconds : 0);
}

int main(int argc, char *argv[])
{
	char err[PMIP6_ERRLEN];
	struct in6_addr coa[2], lmaa;
	unsigned long mns, flows;
	struct pmip6_genl *h;
	double t, t_last;
	unsigned long last_from;

	if (argc != 6) {
		fprintf(stderr, "usage: fmcload MNS FLOWS COA1 COA2 LMAA\n");
		return 2;
	}
	mns = arg(argv[1], MNS_MAX, "MNS");
	flows = arg(argv[2], 16000000, "FLOWS");
	if (!mns || inet_pton(AF_INET6, argv[3], &coa[0]) != 1 ||
	    inet_pton(AF_INET6, argv[4], &coa[1]) != 1 ||
	    inet_pton(AF_INET6, argv[5], &lmaa) != 1 || flows / mns > 55535) {
		fprintf(stderr, "fmcload: MNS >= 1, three IPv6 addresses, at most 55535 flows per MN\n");
		return 2;
	}
	if (pmip6_genl_open(&h, err, sizeof(err)) ||
	    pmip6_instance_set(h, PMIP6_ROLE_LMA, &lmaa, NULL, 0, err, sizeof(err))) {
		fprintf(stderr, "fmcload: %s\n", err);
		return 1;
	}
	t = now();
	t_last = t;
	last_from = mns - mns / 10;
	for (unsigned long k = 0; k < mns; k++) {
		if (k == last_from)
			t_last = now();
		for (unsigned int b = 0; b < 2; b++) {
			struct pmip6_bce e = { .bid = (uint16_t)(b + 1), .att = 3, .n_hnp = 1 };

			mn_id(&e.mn, k);
			e.proxy_coa = coa[b];
			mn_prefix(&e.hnp[0].prefix, k);
			e.hnp[0].len = 64;
			if (pmip6_bce_new(h, &e, err, sizeof(err))) {
				fprintf(stderr, "fmcload: binding %lu/%u: %s\n", k, b + 1, err);
				return 1;
			}
		}
	}
	t_last = now() - t_last;
	t = now() - t;
	report("bce", 2 * mns, t, 2 * (mns - last_from), t_last);
	long long slab0 = meminfo("Slab"), vmalloc0 = meminfo("VmallocUsed");
	long long percpu0 = meminfo("Percpu");
	long long index0 = vmalloc_by("bucket_table_alloc");
	long long chunk0 = vmalloc_by("pcpu_create_chunk");

	t = now();
	t_last = t;
	last_from = flows - flows / 10;
	for (unsigned long i = 0; i < flows; i++) {
		struct pmip6_fmc f = { .fid = (uint16_t)(i / mns + 1), .n_bid = 1 };

		if (i == last_from)
			t_last = now();
		mn_id(&f.mn, i % mns);
		f.fid_pri = f.fid;
		f.bid[0] = (uint16_t)(i % 2 + 1);
		f.ts.next_header = (struct pmip6_ts_range){ .has_start = true, .start = 17 };
		f.ts.src_port = (struct pmip6_ts_range){ .has_start = true,
							 .start = (uint32_t)(10000 + i / mns) };
		if (pmip6_fmc_new(h, &f, err, sizeof(err))) {
			fprintf(stderr, "fmcload: flow %lu: %s\n", i, err);
			return 1;
		}
	}
	t_last = now() - t_last;
	t = now() - t;
	report("fmc", flows, t, flows - last_from, t_last);
	sleep(1);
	long long index1 = vmalloc_by("bucket_table_alloc");
	long long chunk1 = vmalloc_by("pcpu_create_chunk");

	printf("memory fmc %lu slab_bytes %lld vmalloc_bytes %lld percpu_bytes %lld "
	       "vmalloc_index_bytes %lld vmalloc_percpu_bytes %lld\n",
	       flows, meminfo("Slab") - slab0, meminfo("VmallocUsed") - vmalloc0,
	       meminfo("Percpu") - percpu0,
	       index0 < 0 || index1 < 0 ? -1 : index1 - index0,
	       chunk0 < 0 || chunk1 < 0 ? -1 : chunk1 - chunk0);
	fflush(stdout);
	pmip6_genl_close(h);
	return 0;
}
