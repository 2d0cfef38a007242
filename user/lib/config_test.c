// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the pmipd configuration parser (TAP). Every bad line must
 * be refused with the file, the line and the reason; good files must give
 * exactly the settings written.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/pmip6.h>

#include "config.h"

static int n, failed;

/* Lab keys of each length in hex: 24, 32 and 48 octets. */
#define K24 "00112233445566778899aabbccddeeff0011223344556677"
#define K32 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define K48 K32 "00112233445566778899aabbccddeeff"

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

static int parse_n(const char *text, size_t len, struct pmipd_config *cfg, char *err,
		   size_t errlen)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int rc;

	err[0] = '\0';
	rc = pmipd_config_parse(f, "t.conf", cfg, err, errlen);
	fclose(f);
	if (!rc)
		rc = pmipd_config_check(cfg, "t.conf", err, errlen);
	return rc;
}

static int parse(const char *text, struct pmipd_config *cfg, char *err, size_t errlen)
{
	return parse_n(text, strlen(text), cfg, err, errlen);
}

/* The text must be refused with an error containing want. */
static void bad(const char *text, const char *want)
{
	struct pmipd_config cfg;
	char err[512], name[600];
	int rc = parse(text, &cfg, err, sizeof(err));

	snprintf(name, sizeof(name), "refused: %s", want);
	ok(rc == -EINVAL && strstr(err, want), name);
	if (rc != -EINVAL || !strstr(err, want))
		printf("# got rc %d, '%s'\n", rc, err);
	pmipd_config_free(&cfg);
}

/*
 * A generated file: HEAD, then "mn mnK@bench prefix 2001:db8:K::/64 ..."
 * for K < count (K in hex in the prefix), then TAIL. Caller frees.
 */
static char *many_mns(const char *head, size_t count, bool ll, const char *tail, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	fputs(head, f);
	for (size_t k = 0; k < count; k++) {
		fprintf(f, "mn mn%zu@bench prefix 2001:db8:%zx:%zx::/64", k, k >> 16, k & 0xffff);
		if (ll)
			fprintf(f, " ll-id 02:00:%02zx:%02zx:%02zx:%02zx", (k >> 24) & 0xff,
				(k >> 16) & 0xff, (k >> 8) & 0xff, k & 0xff);
		fputc('\n', f);
	}
	fputs(tail, f);
	fclose(f);
	return text;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 50k profiles: the hashed indexes (load time, lookups, duplicates). */
static void test_many(void)
{
	const size_t count = 50000;
	struct pmipd_config cfg;
	const struct pmipd_mn_profile *p;
	char err[512], name[128];
	uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0xc3, 0x4f };	/* mn49999 */
	size_t len;
	double t;
	char *text = many_mns("role lma\nlocal 2001:db8::1\n", count, false, "mag any\n", &len);
	int rc;

	t = now_s();
	rc = parse_n(text, len, &cfg, err, sizeof(err));
	t = now_s() - t;
	snprintf(name, sizeof(name), "50000 mn lines load (%.3f s)", t);
	ok(!rc && cfg.n_mn == count, name);
	if (rc)
		printf("# %s\n", err);
	/* Generous bound (sanitizers, emulation): the quadratic scan took minutes. */
	ok(t < 10.0, "50000 mn lines load in linear time");
	p = pmipd_config_mn(&cfg, (const uint8_t *)"mn0@bench", 9);
	ok(p && p->line == 3 && p == &cfg.mn[0], "lookup finds the first profile");
	p = pmipd_config_mn(&cfg, (const uint8_t *)"mn49999@bench", 13);
	ok(p && p->line == count + 2 && p->prefix[0].addr.s6_addr[6] == 0xc3 &&
	   p->prefix[0].addr.s6_addr[7] == 0x4f && p->prefix[0].addr.s6_addr[5] == 0x00,
	   "lookup finds the last profile, with its prefix");
	ok(!pmipd_config_mn(&cfg, (const uint8_t *)"mn50000@bench", 13) &&
	   !pmipd_config_mn(&cfg, (const uint8_t *)"mn4999@bench", 11) &&
	   !pmipd_config_mn(&cfg, (const uint8_t *)"mn0@bench", 8) &&
	   !pmipd_config_mn(&cfg, (const uint8_t *)"", 0), "lookup misses unknown NAIs");
	ok(!pmipd_config_mn_by_ll_id(&cfg, mac, sizeof(mac)) &&
	   !pmipd_config_mn_by_ll_id(&cfg, mac, 0), "LMA profiles have no ll-id to find");
	pmipd_config_free(&cfg);
	ok(!cfg.mn && !cfg.mn_by_nai && !cfg.mn_by_ll_id && !cfg.n_mn && !cfg.mn_slots,
	   "free releases the indexes");
	free(text);

	text = many_mns("role lma\nlocal 2001:db8::1\n", count, false,
			"mn mn17@bench prefix 2001:db8:ffff::/64\n", &len);
	rc = parse_n(text, len, &cfg, err, sizeof(err));
	ok(rc == -EINVAL && strstr(err, "t.conf:50003: duplicate mobile node 'mn17@bench' (first on line 20)"),
	   "duplicate NAI after 50000 lines: reported with the first line");
	if (rc != -EINVAL)
		printf("# got rc %d, '%s'\n", rc, err);
	pmipd_config_free(&cfg);
	free(text);

	text = many_mns("role mag\nlocal 2001:db8::2\nlma 2001:db8::1\n", count, true, "", &len);
	rc = parse_n(text, len, &cfg, err, sizeof(err));
	p = rc ? NULL : pmipd_config_mn_by_ll_id(&cfg, mac, sizeof(mac));
	ok(p && !strcmp(p->nai, "mn49999@bench"), "MAG: ll-id lookup among 50000 profiles");
	mac[5] = 0;
	mac[4] = 0;
	p = rc ? NULL : pmipd_config_mn_by_ll_id(&cfg, mac, sizeof(mac));
	ok(p && !strcmp(p->nai, "mn0@bench") && !pmipd_config_mn_by_ll_id(&cfg, mac, 5),
	   "MAG: ll-id lookup of the first profile; a shorter identifier is another one");
	pmipd_config_free(&cfg);
	free(text);

	text = many_mns("role mag\nlocal 2001:db8::2\nlma 2001:db8::1\n", count, true,
			"mn other@bench ll-id 02:00:00:00:10:00\n", &len);
	rc = parse_n(text, len, &cfg, err, sizeof(err));
	ok(rc == -EINVAL && strstr(err, "t.conf:50004: link-layer identifier '02:00:00:00:10:00' already belongs to mobile node on line 4100"),
	   "duplicate ll-id after 50000 lines: reported with the first line");
	if (rc != -EINVAL)
		printf("# got rc %d, '%s'\n", rc, err);
	pmipd_config_free(&cfg);
	free(text);
}

/* allowed PROFILE-NAI ADDR: may the MAG at ADDR register that MN? */
static bool allowed(const struct pmipd_config *cfg, const char *nai, const char *addr)
{
	const struct pmipd_mn_profile *p = pmipd_config_mn(cfg, (const uint8_t *)nai, strlen(nai));
	struct in6_addr a;

	inet_pton(AF_INET6, addr, &a);
	return p && pmipd_config_mag_allowed(cfg, p, &a);
}

/* RFC 5213 5.3.1: which MAGs may register an MN, said in the file. */
static void test_mag_authorization(void)
{
	struct pmipd_config cfg;
	char err[512];
	int rc;

	rc = parse("role lma\nlocal 2001:db8::1\nmag 2001:db8::b1\nmag 2001:db8::b2\n"
		   "mn a\nmn b mag 2001:db8::b3\nmn c mag any\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.n_mag == 2 && !cfg.mag_any && cfg.mag_line == 3,
	   "the LMA's MAGs: two 'mag' lines");
	if (rc)
		printf("# %s\n", err);
	ok(allowed(&cfg, "a", "2001:db8::b1") && allowed(&cfg, "a", "2001:db8::b2") &&
	   !allowed(&cfg, "a", "2001:db8::b3") && !allowed(&cfg, "a", "2001:db8::9"),
	   "a profile without MAGs: the LMA's MAGs, no other peer");
	ok(allowed(&cfg, "b", "2001:db8::b3") && !allowed(&cfg, "b", "2001:db8::b1"),
	   "a profile's own MAGs replace the LMA's");
	ok(allowed(&cfg, "c", "2001:db8::b1") && allowed(&cfg, "c", "2001:db8::9"),
	   "a profile with 'mag any': every peer");
	pmipd_config_free(&cfg);

	rc = parse("role lma\nlocal 2001:db8::1\nmag any\nmn a\nmn b mag 2001:db8::b3\n",
		   &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.mag_any && allowed(&cfg, "a", "2001:db8::9") &&
	   allowed(&cfg, "b", "2001:db8::b3") && !allowed(&cfg, "b", "2001:db8::9"),
	   "'mag any' for the LMA; a profile's own list still restricts its MN");
	pmipd_config_free(&cfg);

	rc = parse("role lma\nlocal 2001:db8::1\nmn a mag 2001:db8::b1 mag 2001:db8::b2\n",
		   &cfg, err, sizeof(err));
	ok(rc == 0 && !cfg.n_mag && allowed(&cfg, "a", "2001:db8::b2") &&
	   !allowed(&cfg, "a", "2001:db8::b3"), "every profile with its own MAGs, no global list");
	pmipd_config_free(&cfg);

	rc = parse("role lma\nlocal 2001:db8::1\nmag 2001:db8::b1\n", &cfg, err, sizeof(err));
	ok(rc == 0, "no profiles: nothing to authorize");
	pmipd_config_free(&cfg);

	bad("role lma\nlocal 2001:db8::1\nmn a mag 2001:db8::b1\nmn b prefix 2001:db8:1::/64\n",
	    "t.conf:4: no MAG may register mobile node 'b': add this LMA's MAGs ('mag ADDR'), the MN's ('mn ... mag ADDR') or 'mag any' (RFC 5213 5.3.1)");
	bad("role lma\nlocal 2001:db8::1\nmn a\nmag 2001:db8::b1 2001:db8::b2\n",
	    "t.conf:4: unexpected '2001:db8::b2' after the value of 'mag'");
	bad("role lma\nlocal 2001:db8::1\nmag\n", "t.conf:3: 'mag' needs a value");
	bad("role lma\nlocal 2001:db8::1\nmag fe80::1\n",
	    "t.conf:3: address 'fe80::1' for 'mag' is not a global unicast address");
	bad("role lma\nlocal 2001:db8::1\nmag all\n",
	    "t.conf:3: invalid address 'all' for 'mag' (expected an IPv6 address)");
	bad("role lma\nlocal 2001:db8::1\nmag 2001:db8::b1\nmag 2001:db8::b1\n",
	    "t.conf:4: duplicate MAG '2001:db8::b1'");
	bad("role lma\nlocal 2001:db8::1\nmag any\n\nmag any\n",
	    "t.conf:5: duplicate 'mag any' (first 'mag' on line 3)");
	bad("role lma\nlocal 2001:db8::1\nmag 2001:db8::b1\nmag any\n",
	    "t.conf:4: 'mag any' with MAG addresses (first 'mag' on line 3): 'any' already lets every peer register");
	bad("role lma\nlocal 2001:db8::1\nmag any\nmag 2001:db8::b1\n",
	    "t.conf:4: MAG address '2001:db8::b1' with 'mag any' (first 'mag' on line 3)");
	bad("role lma\nlocal 2001:db8::1\nmn a mag any mag 2001:db8::b1\n",
	    "t.conf:3: MAG address '2001:db8::b1' with 'mag any': 'any' already lets every peer register");
	bad("role lma\nlocal 2001:db8::1\nmn a mag 2001:db8::b1 mag any\n",
	    "t.conf:3: 'mag any' with MAG addresses: 'any' already lets every peer register");
	bad("role lma\nlocal 2001:db8::1\nmn a mag any mag any\n", "t.conf:3: duplicate 'mag any'");
	bad("role lma\nlocal 2001:db8::1\nmn a mag 2001:db8::b1 mag 2001:db8::b1\n",
	    "t.conf:3: duplicate MAG '2001:db8::b1'");
	bad("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\nmag any\n",
	    "t.conf:4: 'mag' is an LMA setting, but the role is mag");
	{
		char *text = NULL, want[128];
		size_t len;
		FILE *f = open_memstream(&text, &len);

		fputs("role lma\nlocal 2001:db8::1\n", f);
		for (int i = 0; i <= PMIPD_CFG_PEER_MAX; i++)
			fprintf(f, "mag 2001:db8::b:%x\n", i);
		fclose(f);
		snprintf(want, sizeof(want), "t.conf:%d: more than %d MAGs", PMIPD_CFG_PEER_MAX + 3,
			 PMIPD_CFG_PEER_MAX);
		bad(text, want);
		free(text);
	}
}

static void test_ro_max_per_peer(void)
{
	struct pmipd_config cfg;
	char err[512];
	int rc;

	rc = parse("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.ro_max_per_peer == PMIPD_DEF_RO_MAX_PER_PEER && cfg.ro_max_per_peer == 256,
	   "ro-max-per-peer: 256 by default");
	pmipd_config_free(&cfg);
	rc = parse("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\nro-max-per-peer 2\n", &cfg, err,
		   sizeof(err));
	ok(rc == 0 && cfg.ro_max_per_peer == 2, "ro-max-per-peer at a MAG");
	pmipd_config_free(&cfg);
	rc = parse("role lma\nlocal 2001:db8::1\nro-max-per-peer 65535\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.ro_max_per_peer == 65535, "ro-max-per-peer at an LMA");
	pmipd_config_free(&cfg);
	bad("role mag\nlocal 2001:db8::b1\nro-max-per-peer 0\n",
	    "t.conf:3: invalid value '0' for 'ro-max-per-peer' (expected 1..65535)");
	bad("role mag\nlocal 2001:db8::b1\nro-max-per-peer 65536\n",
	    "t.conf:3: invalid value '65536' for 'ro-max-per-peer'");
	bad("role mag\nlocal 2001:db8::b1\nro-max-per-peer 4\nro-max-per-peer 4\n",
	    "t.conf:4: duplicate 'ro-max-per-peer' (first on line 3)");
}

/* RFC 5213 6.8, 9.3: the MAGs' link-local and link-layer addresses. */
static void test_mag_addresses(void)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	struct pmipd_config cfg;
	struct in6_addr ll;
	char err[512];
	int rc;

	rc = parse("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.link_local_option && !cfg.has_fixed_mag_ll && !cfg.has_fixed_mag_mac,
	   "per-session link-local address (the LMA's option) by default");
	pmipd_config_free(&cfg);
	rc = parse("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\n"
		   "fixed-mag-link-local fe80::1\nfixed-mag-link-layer 02:00:5e:10:00:01\n",
		   &cfg, err, sizeof(err));
	inet_pton(AF_INET6, "fe80::1", &ll);
	ok(rc == 0 && cfg.has_fixed_mag_ll && IN6_ARE_ADDR_EQUAL(&cfg.fixed_mag_ll, &ll) &&
	   cfg.has_fixed_mag_mac && !memcmp(cfg.fixed_mag_mac, mac, 6),
	   "fixed link-local and link-layer addresses at a MAG");
	pmipd_config_free(&cfg);
	rc = parse("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\nlink-local-option off\n",
		   &cfg, err, sizeof(err));
	ok(rc == 0 && !cfg.link_local_option, "link-local-option off");
	pmipd_config_free(&cfg);
	rc = parse("role lma\nlocal 2001:db8::1\nfixed-mag-link-local fe80::1\n", &cfg, err,
		   sizeof(err));
	ok(rc == 0 && cfg.has_fixed_mag_ll, "fixed-mag-link-local at an LMA (a domain setting)");
	pmipd_config_free(&cfg);
	bad("role mag\nlocal 2001:db8::b1\nfixed-mag-link-local 2001:db8::1\n",
	    "t.conf:3: invalid address '2001:db8::1' for 'fixed-mag-link-local' (expected a link-local unicast address");
	bad("role mag\nlocal 2001:db8::b1\nfixed-mag-link-local fe80::\n",
	    "t.conf:3: invalid address 'fe80::' for 'fixed-mag-link-local'");
	bad("role mag\nlocal 2001:db8::b1\nfixed-mag-link-local ff02::1\n",
	    "t.conf:3: invalid address 'ff02::1' for 'fixed-mag-link-local'");
	bad("role mag\nlocal 2001:db8::b1\nfixed-mag-link-local fe80::1\nfixed-mag-link-local fe80::2\n",
	    "t.conf:4: duplicate 'fixed-mag-link-local' (first on line 3)");
	bad("role mag\nlocal 2001:db8::b1\nfixed-mag-link-layer 02:00:00:00:01\n",
	    "t.conf:3: invalid link-layer address '02:00:00:00:01' for 'fixed-mag-link-layer' (expected 6 octets");
	bad("role mag\nlocal 2001:db8::b1\nfixed-mag-link-layer 03:00:00:00:00:01\n",
	    "t.conf:3: link-layer address '03:00:00:00:00:01' for 'fixed-mag-link-layer' is not a unicast address");
	bad("role mag\nlocal 2001:db8::b1\nfixed-mag-link-layer 00:00:00:00:00:00\n",
	    "is not a unicast address");
	bad("role lma\nlocal 2001:db8::1\nfixed-mag-link-layer 02:00:5e:10:00:01\n",
	    "t.conf:3: 'fixed-mag-link-layer' is a MAG setting, but the role is lma");
	bad("role lma\nlocal 2001:db8::1\nlink-local-option off\n",
	    "t.conf:3: 'link-local-option' is a MAG setting, but the role is lma");
	bad("role mag\nlocal 2001:db8::b1\nlink-local-option yes\n",
	    "t.conf:3: invalid value 'yes' for 'link-local-option' (expected on or off)");
	bad("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\nlink-local-option on\n"
	    "fixed-mag-link-local fe80::1\n",
	    "t.conf:4: 'link-local-option on' with 'fixed-mag-link-local'");
	bad("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\nfixed-mag-link-layer 02:00:5e:10:00:01\n"
	    "mn a@b ll-id 02:00:5e:10:00:01\n",
	    "t.conf:5: mobile node 'a@b' has the MAGs' own link-layer address ('fixed-mag-link-layer') as its ll-id");
}

int main(void)
{
	struct pmipd_config cfg;
	char err[512];
	struct in6_addr a;
	const struct pmipd_mn_profile *p;
	int rc;

	rc = parse("# an LMA\nrole lma\nlocal 2001:db8::1\nlifetime 60\n"
		   "timestamp-window 500\nmin-delay-before-bce-delete 2000\n"
		   "max-delay-before-new-bce-assign 1000\ncontrol lma1\n"
		   "mag 2001:db8::b1\nmag 2001:db8::b2\n"
		   "mn mn1@example.com prefix 2001:db8:1::/64 prefix 2001:db8:2::/64 "
		   "mag 2001:db8::b1 lifetime 40   # trailing comment\n"
		   "mn mn2@example.com\n", &cfg, err, sizeof(err));
	ok(rc == 0, "a good LMA file parses");
	if (rc)
		printf("# %s\n", err);
	inet_pton(AF_INET6, "2001:db8::1", &a);
	ok(cfg.role == PMIP6_ROLE_LMA && IN6_ARE_ADDR_EQUAL(&cfg.local_addr, &a), "role and local");
	ok(cfg.lifetime == 60 && cfg.timestamp_window_ms == 500 &&
	   cfg.min_delay_bce_delete_ms == 2000 && cfg.max_delay_new_bce_ms == 1000,
	   "timers as written");
	ok(!strcmp(cfg.control, "lma1"), "control socket name");
	p = pmipd_config_mn(&cfg, (const uint8_t *)"mn1@example.com", 15);
	ok(p && p->n_prefix == 2 && p->n_mag == 1 && p->lifetime == 40, "mn1's profile");
	ok(pmipd_config_mn(&cfg, (const uint8_t *)"mn2@example.com", 15) &&
	   !pmipd_config_mn(&cfg, (const uint8_t *)"mn3@example.com", 15), "profile lookup");
	pmipd_config_free(&cfg);

	rc = parse("role mag\nlocal 2001:db8::b1\nlma 2001:db8::1\naccess acc1\naccess acc2\n"
		   "timestamps off\nra-interval 5\nnud-probes 2\nnud-interval 150\nhold-down 30\n"
		   "mn mn1@example.com ll-id 02:00:00:00:01:01 att 4\n", &cfg, err, sizeof(err));
	ok(rc == 0, "a good MAG file parses");
	ok(cfg.n_access == 2 && !cfg.timestamps && cfg.ra_interval == 5 &&
	   cfg.nud_probes == 2 && cfg.nud_interval_ms == 150 && cfg.hold_down_s == 30,
	   "MAG settings");
	{
		static const uint8_t mac[] = { 2, 0, 0, 0, 1, 1 };

		p = pmipd_config_mn_by_ll_id(&cfg, mac, sizeof(mac));
		ok(p && p->att == 4 && !strcmp(p->nai, "mn1@example.com"), "lookup by link-layer id");
	}
	pmipd_config_free(&cfg);

	rc = parse("role lma\nlocal 2001:db8::1\nprefix-pool 2001:db8:100::/48\n", &cfg, err,
		   sizeof(err));
	ok(rc == 0 && cfg.has_pool && cfg.pool.len == 48, "prefix pool");
	pmipd_config_free(&cfg);

	rc = parse("role lma\nlocal 2001:db8::1\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.lifetime == PMIPD_DEF_LIFETIME &&
	   cfg.min_delay_bce_delete_ms == PMIPD_DEF_MIN_DELAY_BCE_DELETE_MS &&
	   !strcmp(cfg.control, PMIPD_DEF_CONTROL) && cfg.nud_probes == 3 &&
	   cfg.nud_interval_ms == 300 && cfg.hold_down_s == 10,
	   "defaults (RFC 5213 9.1, RFC 4861 10)");
	pmipd_config_free(&cfg);

	bad("role lma\nrole mag\n", "t.conf:2: duplicate 'role' (first on line 1)");
	bad("role lmx\n", "t.conf:1: invalid role 'lmx'");
	bad("role lma\nlocal fe80::1\n", "t.conf:2: address 'fe80::1' for 'local' is not a global unicast");
	bad("role lma\nlocal 2001:db8::1 x\n", "t.conf:2: unexpected 'x' after the value of 'local'");
	bad("role lma\nlocal 2001:db8::1\nlifetime 3\n", "t.conf:3: invalid value '3' for 'lifetime' (expected 4..262140)");
	bad("role lma\nlocal 2001:db8::1\nlifetime -5\n", "invalid value '-5'");
	bad("role lma\nlocal 2001:db8::1\nlifetime 99999999999\n", "invalid value '99999999999'");
	bad("role lma\nlocal 2001:db8::1\nbogus 1\n", "t.conf:3: unknown setting 'bogus'");
	bad("role lma\nlocal 2001:db8::1\nmn\n", "t.conf:3: 'mn' needs a mobile node identifier");
	bad("role lma\nlocal 2001:db8::1\nmn a prefix\n", "'prefix' of mobile node 'a' needs a value");
	bad("role lma\nlocal 2001:db8::1\nmn a prefix 2001:db8::/48\n", "invalid prefix '2001:db8::/48'");
	bad("role lma\nlocal 2001:db8::1\nmn a prefix 2001:db8::1/64\n", "invalid prefix '2001:db8::1/64'");
	bad("role lma\nlocal 2001:db8::1\nmn a\nmn a\n", "t.conf:4: duplicate mobile node 'a' (first on line 3)");
	bad("role lma\nlocal 2001:db8::1\nmn a color blue\n", "unknown key 'color' for mobile node 'a'");
	bad("role lma\nlocal 2001:db8::1\nmn a ll-id 02:00\n", "t.conf:3: 'mn ... ll-id' is a MAG setting, but the role is lma");
	bad("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nmn a mag 2001:db8::3\n", "t.conf:4: 'mn ... mag' is an LMA setting");
	bad("role mag\nlocal 2001:db8::1\nmn a ll-id 02:00\n", "t.conf:3: mobile node 'a' has no LMA");
	bad("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nmn a ll-id zz\n", "invalid link-layer identifier 'zz'");
	bad("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nmn a ll-id 02\nmn b ll-id 02\n", "link-layer identifier '02' already belongs to mobile node on line 4");
	bad("role mag\nlocal 2001:db8::1\naccess a\naccess a\n", "duplicate access interface 'a'");
	bad("role mag\nlocal 2001:db8::1\naccess 0123456789abcdefg\n", "longer than 15 bytes");
	bad("role mag\nlocal 2001:db8::1\ntimestamps maybe\n", "invalid value 'maybe' for 'timestamps'");
	bad("role lma\nlocal 2001:db8::1\nprefix-pool 2001:db8::/32\n", "invalid prefix pool '2001:db8::/32'");
	bad("role lma\nlocal 2001:db8::1\nprefix-pool 2001:db8:1:1::/48\n", "prefix pool '2001:db8:1:1::/48' has host bits set");
	bad("role mag\nlocal 2001:db8::1\nprefix-pool 2001:db8::/48\n", "'prefix-pool' is an LMA setting");
	bad("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nmn a ll-id 02 prefixes shared\n", "mobile node 'a' shares prefixes but names none");
	bad("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nmn a ll-id 02 prefixes some\n", "invalid value 'some' for 'prefixes'");
	rc = parse("role lma\nlocal 2001:db8::1\n", &cfg, err, sizeof(err));
	ok(rc == 0 && !cfg.localized_routing && cfg.ro_lifetime == PMIPD_DEF_RO_LIFETIME &&
	   !cfg.ro_requests, "localized routing: off by default, lifetime 60, requests denied");
	pmipd_config_free(&cfg);
	rc = parse("role lma\nlocal 2001:db8::1\nlocalized-routing on\nro-lifetime 10\n"
		   "ro-requests accept\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.localized_routing && cfg.ro_lifetime == 10 && cfg.ro_requests,
	   "localized routing at an LMA");
	pmipd_config_free(&cfg);
	rc = parse("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nlocalized-routing off\n",
		   &cfg, err, sizeof(err));
	ok(rc == 0 && !cfg.localized_routing, "localized routing off at a MAG");
	pmipd_config_free(&cfg);
	bad("role lma\nlocal 2001:db8::1\nlocalized-routing yes\n", "t.conf:3: invalid value 'yes' for 'localized-routing' (expected on or off)");
	bad("role lma\nlocal 2001:db8::1\nlocalized-routing on\nlocalized-routing off\n", "t.conf:4: duplicate 'localized-routing' (first on line 3)");
	bad("role lma\nlocal 2001:db8::1\nlocalized-routing\n", "t.conf:3: 'localized-routing' needs a value");
	bad("role lma\nlocal 2001:db8::1\nro-lifetime 3\n", "t.conf:3: invalid value '3' for 'ro-lifetime' (expected 4..65535)");
	bad("role lma\nlocal 2001:db8::1\nro-lifetime 65536\n", "t.conf:3: invalid value '65536' for 'ro-lifetime'");
	bad("role lma\nlocal 2001:db8::1\nro-lifetime 10\nro-lifetime 20\n", "t.conf:4: duplicate 'ro-lifetime'");
	bad("role mag\nlocal 2001:db8::1\nro-lifetime 10\n", "t.conf:3: 'ro-lifetime' is an LMA setting, but the role is mag");
	rc = parse("role lma\nlocal 2001:db8::1\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.heartbeat_interval == 60 && cfg.missing_heartbeats_allowed == 3,
	   "heartbeat: every 60 s, 3 missed allowed by default (RFC 5847 5)");
	pmipd_config_free(&cfg);
	rc = parse("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nheartbeat-interval 1\n"
		   "missing-heartbeats-allowed 0\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.heartbeat_interval == 1 && cfg.missing_heartbeats_allowed == 0,
	   "heartbeat settings at a MAG");
	pmipd_config_free(&cfg);
	rc = parse("role lma\nlocal 2001:db8::1\nheartbeat-interval 0\n"
		   "missing-heartbeats-allowed 255\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.heartbeat_interval == 0 && cfg.missing_heartbeats_allowed == 255,
	   "heartbeat settings at an LMA: requests off, the most misses");
	pmipd_config_free(&cfg);
	bad("role lma\nlocal 2001:db8::1\nheartbeat-interval 3601\n", "t.conf:3: invalid value '3601' for 'heartbeat-interval' (expected 0..3600)");
	bad("role lma\nlocal 2001:db8::1\nheartbeat-interval -1\n", "t.conf:3: invalid value '-1' for 'heartbeat-interval'");
	bad("role lma\nlocal 2001:db8::1\nheartbeat-interval 1s\n", "t.conf:3: invalid value '1s' for 'heartbeat-interval'");
	bad("role lma\nlocal 2001:db8::1\nheartbeat-interval\n", "t.conf:3: 'heartbeat-interval' needs a value");
	bad("role lma\nlocal 2001:db8::1\nheartbeat-interval 5\nheartbeat-interval 6\n", "t.conf:4: duplicate 'heartbeat-interval' (first on line 3)");
	bad("role mag\nlocal 2001:db8::1\nmissing-heartbeats-allowed 256\n", "t.conf:3: invalid value '256' for 'missing-heartbeats-allowed' (expected 0..255)");
	bad("role mag\nlocal 2001:db8::1\nmissing-heartbeats-allowed 2 3\n", "t.conf:3: unexpected '3' after the value of 'missing-heartbeats-allowed'");
	bad("role lma\nlocal 2001:db8::1\nmissing-heartbeats-allowed 1\nmissing-heartbeats-allowed 1\n", "t.conf:4: duplicate 'missing-heartbeats-allowed' (first on line 3)");
	bad("role lma\nlocal 2001:db8::1\nro-requests maybe\n", "t.conf:3: invalid value 'maybe' for 'ro-requests' (expected accept or deny)");
	bad("role lma\nlocal 2001:db8::1\nro-requests accept\nro-requests deny\n", "t.conf:4: duplicate 'ro-requests'");
	bad("role mag\nlocal 2001:db8::1\nro-requests accept\n", "t.conf:3: 'ro-requests' is an LMA setting, but the role is mag");
	rc = parse("role lma\nlocal 2001:db8::1\nro-peer-lma 2001:db8:2::/48 2001:db8::2\n"
		   "ro-peer-lma 2001:db8:2:5::/64 2001:db8::3\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.n_ro_peer == 2, "two ro-peer-lma lines");
	{
		struct in6_addr x, want;
		const struct in6_addr *got;

		inet_pton(AF_INET6, "2001:db8:2:7::", &x);
		inet_pton(AF_INET6, "2001:db8::2", &want);
		got = pmipd_config_ro_peer(&cfg, &x);
		ok(got && IN6_ARE_ADDR_EQUAL(got, &want), "ro-peer-lma: the covering prefix");
		inet_pton(AF_INET6, "2001:db8:2:5::", &x);
		inet_pton(AF_INET6, "2001:db8::3", &want);
		got = pmipd_config_ro_peer(&cfg, &x);
		ok(got && IN6_ARE_ADDR_EQUAL(got, &want), "ro-peer-lma: the longest prefix wins");
		inet_pton(AF_INET6, "2001:db8:3::", &x);
		ok(!pmipd_config_ro_peer(&cfg, &x), "ro-peer-lma: no covering prefix");
	}
	pmipd_config_free(&cfg);
	bad("role lma\nlocal 2001:db8::1\nro-peer-lma 2001:db8:2::/48\n", "t.conf:3: 'ro-peer-lma' needs a prefix and an LMA address");
	bad("role lma\nlocal 2001:db8::1\nro-peer-lma 2001:db8:2::/8 2001:db8::2\n", "t.conf:3: invalid prefix '2001:db8:2::/8' for 'ro-peer-lma' (expected an IPv6 prefix /16 to /64)");
	bad("role lma\nlocal 2001:db8::1\nro-peer-lma 2001:db8:2:: 2001:db8::2\n", "t.conf:3: invalid prefix '2001:db8:2::' for 'ro-peer-lma'");
	bad("role lma\nlocal 2001:db8::1\nro-peer-lma 2001:db8:2::1/48 2001:db8::2\n", "t.conf:3: prefix '2001:db8:2::1/48' for 'ro-peer-lma' has host bits set");
	bad("role lma\nlocal 2001:db8::1\nro-peer-lma 2001:db8:2::/48 fe80::2\n", "t.conf:3: address 'fe80::2' for 'ro-peer-lma' is not a global unicast address");
	bad("role lma\nlocal 2001:db8::1\nro-peer-lma 2001:db8:2::/48 2001:db8::2\nro-peer-lma 2001:db8:2::/48 2001:db8::3\n", "t.conf:4: duplicate 'ro-peer-lma' prefix '2001:db8:2::/48'");
	bad("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nro-peer-lma 2001:db8:2::/48 2001:db8::2\n", "t.conf:4: 'ro-peer-lma' is an LMA setting, but the role is mag");
	bad("local 2001:db8::1\n", "a role is required");
	bad("role lma\n", "a local address is required");
	{
		static const char nul[] = "role lma\nlocal 2001:db8::1\nmn a\0b\n";

		rc = parse_n(nul, sizeof(nul) - 1, &cfg, err, sizeof(err));
		ok(rc == -EINVAL && strstr(err, "t.conf:3: NUL byte in line"), "refused: a NUL byte");
		pmipd_config_free(&cfg);
	}

	/* Flow mobility decision and policy (RFC 7864 3.2). */
	rc = parse("role lma\nlocal 2001:db8::1\nflow-policy /etc/pmipd/flows\n"
		   "mn a prefix 2001:db8:1::/64 prefix 2001:db8:2::/64\n"
		   "mn b flow-decision mn\nmag any\n", &cfg, err, sizeof(err));
	ok(rc == 0 && !strcmp(cfg.flow_policy, "/etc/pmipd/flows") &&
	   !cfg.mn[0].mn_decides && cfg.mn[1].mn_decides, "flow-decision and flow-policy");
	if (!rc) {
		static const char pol[] =
			"# video over WiFi\n"
			"flow a fid 7 prio 10 att 4 proto udp dport 5001-5002 dst 2001:db8:1::/64\n"
			"flow a fid 8 action drop att 3 proto tcp\n"
			"prefix a 2001:db8:2::/64 att 4\n";
		FILE *f = fmemopen((void *)pol, sizeof(pol) - 1, "r");
		const struct pmipd_flow_rule *r;

		rc = pmipd_policy_parse(f, "p", &cfg, err, sizeof(err));
		fclose(f);
		r = cfg.flow_rule;
		ok(rc == 0 && cfg.n_flow_rule == 2 && cfg.n_prefix_rule == 1 &&
		   r[0].fid == 7 && r[0].prio == 10 && r[0].att == 4 && r[0].mn == &cfg.mn[0] &&
		   r[0].ts.next_header.start == 17 && r[0].ts.dst_port.start == 5001 &&
		   r[0].ts.dst_port.end == 5002 && r[0].ts.dst.has_end &&
		   r[1].action == PMIP6_FMC_ACTION_DROP && r[1].prio == 8 &&
		   cfg.prefix_rule[0].att == 4,
		   "a flow policy file parses into rules; a rule without prio has its FID's");
		if (rc)
			printf("# %s\n", err);
	}
	{
		static const struct {
			const char *text, *want;
		} pbad[] = {
			{ "flow zz fid 1 att 3\n", "p:1: unknown mobile node 'zz'" },
			{ "flow b fid 1 att 3\n", "p:1: mobile node 'b' takes its own flow decisions (flow-decision mn on line 5)" },
			{ "flow a att 3\n", "p:1: a flow rule needs 'fid N' and 'att A'" },
			{ "flow a fid 0 att 3\n", "invalid fid '0' (expected 1..65535)" },
			{ "flow a fid 1 prio 0 att 3\n", "invalid prio '0' (expected 1..65535)" },
			{ "flow a fid 1 prio 5 att 3\nflow a fid 2 prio 5 att 4\n",
			  "p:2: prio 5 of 'a' is flow 1's already (line 1): each flow of a mobile node needs its own (RFC 6089 4.2)" },
			{ "flow a fid 1 prio 2 att 3\nflow a fid 2 att 4\n", "p:2: prio 2 of 'a' is flow 1's already" },
			{ "flow a fid 1 att 3 dport 70000\n", "invalid dport '70000'" },
			{ "flow a fid 1 att 3 colour red\n", "unknown key 'colour' in a flow rule" },
			{ "flow a fid 1 att 3\n\nflow a fid 1 att 4\n", "p:3: flow 1 of 'a' already has a rule on line 1" },
			{ "flow a fid 1 att 3 action hold\n", "invalid action 'hold'" },
			{ "prefix a 2001:db8:9::/64 att 3\n", "prefix '2001:db8:9::/64' is not one of mobile node 'a''s prefixes" },
			{ "prefix a 2001:db8:2::/64\n", "usage: prefix MN P/64 att A" },
			{ "route a\n", "p:1: unknown rule 'route'" },
		};

		for (size_t i = 0; !rc && i < sizeof(pbad) / sizeof(pbad[0]); i++) {
			FILE *f = fmemopen((void *)pbad[i].text, strlen(pbad[i].text), "r");
			int prc = pmipd_policy_parse(f, "p", &cfg, err, sizeof(err));
			char name[300];

			fclose(f);
			snprintf(name, sizeof(name), "policy refused: %s", pbad[i].want);
			ok(prc == -EINVAL && strstr(err, pbad[i].want) && cfg.n_flow_rule == 2,
			   name);
			if (prc != -EINVAL || !strstr(err, pbad[i].want))
				printf("# got rc %d, '%s'\n", prc, err);
		}
	}
	pmipd_config_free(&cfg);
	bad("role lma\nlocal 2001:db8::1\nmn a flow-decision both\n", "invalid value 'both' for 'flow-decision'");
	bad("role mag\nlocal 2001:db8::1\nlma 2001:db8::2\nmn a ll-id 02 flow-decision mn\n", "'mn ... flow-decision' is an LMA setting");
	bad("role mag\nlocal 2001:db8::1\nflow-policy /x\n", "'flow-policy' is an LMA setting");
	bad("role lma\nlocal 2001:db8::1\nflow-cache on\n", "'flow-cache' is a MAG setting");
	bad("role mag\nlocal 2001:db8::1\nflow-cache full\n", "invalid value 'full' for 'flow-cache'");
	bad("role lma\nlocal 2001:db8::1\nnud-probes 3\n", "'nud-probes' is a MAG setting");
	bad("role mag\nlocal 2001:db8::1\nnud-probes 0\n", "invalid value '0' for 'nud-probes' (expected 1..10)");
	bad("role mag\nlocal 2001:db8::1\nnud-interval 20\n", "invalid value '20' for 'nud-interval' (expected 50..10000)");
	bad("role mag\nlocal 2001:db8::1\nnud-interval 100\nnud-interval 100\n", "duplicate 'nud-interval' (first on line 3)");
	bad("role mag\nlocal 2001:db8::1\nhold-down 0\n", "invalid value '0' for 'hold-down' (expected 1..3600)");
	bad("role lma\nlocal 2001:db8::1\nhold-down 5\n", "'hold-down' is a MAG setting");

	/* IPsec protection of the signaling (RFC 5213 4.0). */
	rc = parse("role lma\nlocal 2001:db8::1\n", &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.security == PMIPD_SECURITY_IPSEC && cfg.n_peer == 0,
	   "security ipsec is the default");
	pmipd_config_free(&cfg);
	rc = parse("role lma\nlocal 2001:db8::1\nsecurity insecure-lab\n"
		   "peer 2001:db8::b1 esp-auth hmac(sha256) 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff "
		   "esp-enc cbc(aes) 000102030405060708090a0b0c0d0e0f spi-out 4096 spi-in 4097\n"
		   "peer 2001:db8::b2 ike\n"
		   "peer 2001:db8::b3 spi-in 300 spi-out 300 esp-auth hmac(sha512) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
		   &cfg, err, sizeof(err));
	ok(rc == 0, "peers parse");
	if (rc)
		printf("# %s\n", err);
	inet_pton(AF_INET6, "2001:db8::b1", &a);
	{
		const struct pmipd_peer *pe = pmipd_config_peer(&cfg, &a);

		ok(cfg.security == PMIPD_SECURITY_INSECURE_LAB && cfg.n_peer == 3 && pe &&
		   !pe->ike && !strcmp(pe->auth_alg, "hmac(sha256)") && pe->auth_key_len == 32 &&
		   pe->auth_trunc_bits == 128 && pe->auth_key[1] == 0x11 &&
		   pe->auth_key[31] == 0xff && !strcmp(pe->enc_alg, "cbc(aes)") &&
		   pe->enc_key_len == 16 && pe->enc_key[15] == 0x0f && pe->spi_out == 4096 &&
		   pe->spi_in == 4097, "a static peer: algorithms, keys, SPIs as written");
		ok(cfg.n_peer == 3 && cfg.peer[1].ike && !cfg.peer[2].enc_alg &&
		   cfg.peer[2].auth_key_len == 64 && cfg.peer[2].auth_trunc_bits == 256 &&
		   cfg.peer[2].spi_in == 300, "an IKE peer, an authentication-only peer");
	}
	pmipd_config_free(&cfg);
	bad("role lma\nlocal 2001:db8::1\nsecurity none\n", "t.conf:3: invalid value 'none' for 'security' (expected ipsec or insecure-lab)");
	bad("role lma\nlocal 2001:db8::1\nsecurity ipsec\nsecurity ipsec\n", "t.conf:4: duplicate 'security' (first on line 3)");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2\n", "t.conf:3: usage: peer ADDR ike");
	bad("role lma\nlocal 2001:db8::1\npeer fe80::2 ike\n", "t.conf:3: address 'fe80::2' for 'peer' is not a global unicast");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 ike\npeer 2001:db8::2 ike\n", "t.conf:4: duplicate peer '2001:db8::2' (first on line 3)");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 ike now\n", "t.conf:3: unexpected 'now' after 'ike'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::1 ike\n", "t.conf:3: peer is the local address itself");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(md5) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in 301\n", "t.conf:3: invalid algorithm 'hmac(md5)' for 'esp-auth'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth digest_null 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in 301\n", "non-null");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 0011 spi-out 300 spi-in 301\n", "t.conf:3: invalid key for 'esp-auth' (expected 32 octets in hex, 64 digits)");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00 spi-out 300 spi-in 301\n", "invalid key for 'esp-auth'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) zz00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in 301\n", "invalid key for 'esp-auth'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256)\n", "t.conf:3: 'esp-auth' needs an algorithm and a key");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in 301\n", "duplicate 'esp-auth' for peer");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff esp-enc cbc(des) 0011223344556677 spi-out 300 spi-in 301\n", "invalid algorithm 'cbc(des)' for 'esp-enc' (expected cbc(aes))");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff esp-enc cbc(aes) 0011 spi-out 300 spi-in 301\n", "invalid key for 'esp-enc' (expected 16, 24 or 32 octets");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 255 spi-in 301\n", "t.conf:3: invalid value '255' for 'spi-out' (expected 256..4294967295)");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in 4294967296\n", "invalid value '4294967296' for 'spi-in'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-out 301\n", "duplicate 'spi-out' for peer");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300\n", "t.conf:3: peer '2001:db8::2' needs 'esp-auth ALG KEY', 'spi-out N' and 'spi-in N' (or 'ike')");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 spi-out 300 spi-in 301\n", "needs 'esp-auth ALG KEY'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in 301 lifetime 4\n", "unknown key 'lifetime' for peer '2001:db8::2'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in 301\n"
	    "peer 2001:db8::3 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in 301\n", "t.conf:4: spi-in 301 is already peer line 3's");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff spi-out 300 spi-in\n", "'spi-in' needs a value");

	/* Keys, algorithms and addresses of 'peer' lines, each refusal with
	 * file:line: the key length is the algorithm's (RFC 4868 2.1.1 for
	 * HMAC-SHA-2, RFC 3602 2.2 for AES-CBC). */
	rc = parse("role mag\nlocal 2001:db8::b1\nlma 2001:db8::a\n"
		   "peer 2001:db8::a esp-auth hmac(sha384) 0x" K48 " esp-enc cbc(aes) " K32 " spi-out 4353 spi-in 4097\n"
		   "peer 2001:db8::b2 esp-auth hmac(sha256) " K32 " esp-enc cbc(aes) " K24 " spi-out 12289 spi-in 12545\n",
		   &cfg, err, sizeof(err));
	ok(rc == 0 && cfg.n_peer == 2 && !strcmp(cfg.peer[0].auth_alg, "hmac(sha384)") &&
	   cfg.peer[0].auth_key_len == 48 && cfg.peer[0].auth_trunc_bits == 192 &&
	   cfg.peer[0].auth_key[0] == 0x00 && cfg.peer[0].auth_key[47] == 0xff &&
	   cfg.peer[0].enc_key_len == 32 && cfg.peer[1].enc_key_len == 24 &&
	   cfg.peer[1].spi_out == 12289 && cfg.peer[1].line == 5,
	   "static keys: hmac(sha384) with AES-256, a MAG-MAG peer with AES-192");
	if (rc)
		printf("# %s\n", err);
	pmipd_config_free(&cfg);
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha384) " K32 " spi-out 300 spi-in 301\n",
	    "t.conf:3: invalid key for 'esp-auth' (expected 48 octets in hex, 96 digits)");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha512) " K48 " spi-out 300 spi-in 301\n",
	    "t.conf:3: invalid key for 'esp-auth' (expected 64 octets in hex, 128 digits)");
	bad("role lma\nlocal 2001:db8::1\n\npeer 2001:db8::2 esp-auth hmac(sha256) " K32 " esp-enc cbc(aes) " K32 "00 spi-out 300 spi-in 301\n",
	    "t.conf:4: invalid key for 'esp-enc' (expected 16, 24 or 32 octets in hex)");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) spi-out 300 spi-in 301\n",
	    "t.conf:3: 'esp-auth hmac(sha256)' needs a key before 'spi-out'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) " K32 " esp-enc cbc(aes) spi-out 300 spi-in 301\n",
	    "t.conf:3: 'esp-enc cbc(aes)' needs a key before 'spi-out'");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth sha256 " K32 " spi-out 300 spi-in 301\n",
	    "t.conf:3: invalid algorithm 'sha256' for 'esp-auth' (expected hmac(sha256), hmac(sha384) or hmac(sha512)");
	bad("role lma\nlocal 2001:db8::1\npeer 2001:db8::2 esp-auth hmac(sha256) " K32 " esp-enc aes " K32 " spi-out 300 spi-in 301\n",
	    "t.conf:3: invalid algorithm 'aes' for 'esp-enc' (expected cbc(aes))");
	bad("role lma\nlocal 2001:db8::1\npeer esp-auth hmac(sha256) " K32 " spi-out 300 spi-in 301\n",
	    "t.conf:3: invalid address 'esp-auth' for 'peer' (expected an IPv6 address)");
	bad("role lma\nlocal 2001:db8::1\npeer ike\n", "t.conf:3: usage: peer ADDR ike");

	test_mag_authorization();
	test_ro_max_per_peer();
	test_mag_addresses();
	test_many();
	printf("1..%d\n", n);
	return failed != 0;
}
