// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pmip6.h>

#include "config.h"
#include "names.h"
#include "selector.h"

#define CONFIG_LINE_MAX 1024
#define CONFIG_TOKENS_MAX 64

/* Line of the first occurrence of each singleton setting, 0 = not yet. */
struct seen {
	unsigned int role, local, control, lifetime, window, min_delay,
		     max_delay, lma, timestamps, ra_interval, pool, flow_policy,
		     flow_cache, ro, ro_lifetime, ro_requests, security,
		     heartbeat_interval, missing_heartbeats, ro_max_per_peer, nud_probes,
		     nud_interval, hold_down, fixed_ll, fixed_mac, ll_option;
};

struct ctx {
	const char *name;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int line_err(const struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int line_err(const struct ctx *c, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (c->err && c->errlen)
		snprintf(c->err, c->errlen, "%s:%u: %s", c->name, c->line, what);
	return -EINVAL;
}

/* Split on blanks, up to '#'. Returns the token count, max + 1 if more. */
static int tokenize(char *s, char **tok, int max)
{
	int n = 0;

	for (char *p = s;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max)
			return max + 1;
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '#')
			p++;
		if (*p == '#') {
			*p = '\0';
			return n;
		}
		if (*p)
			*p++ = '\0';
	}
}

int pmipd_prefix_parse(const char *s, struct pmipd_prefix *out)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t alen;

	if (!slash || strcmp(slash + 1, "64"))
		return -EINVAL;
	alen = (size_t)(slash - s);
	if (alen >= INET6_ADDRSTRLEN)
		return -EINVAL;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET6, buf, &out->addr) != 1)
		return -EINVAL;
	for (int i = 8; i < 16; i++)
		if (out->addr.s6_addr[i])
			return -EINVAL;
	out->len = 64;
	return 0;
}

int pmipd_ll_id_parse(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = 0;

	while (*s) {
		unsigned int v;
		char hex[3];

		if (*s == ':' || *s == '-') {
			s++;
			continue;
		}
		if (!s[1] || !strchr("0123456789abcdefABCDEF", s[0]) ||
		    !strchr("0123456789abcdefABCDEF", s[1]))
			return -EINVAL;
		if (n == cap)
			return -EINVAL;
		hex[0] = s[0];
		hex[1] = s[1];
		hex[2] = '\0';
		sscanf(hex, "%x", &v);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	if (!n)
		return -EINVAL;
	*len = n;
	return 0;
}

static int parse_uint(const struct ctx *c, const char *key, const char *s,
		      uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || s[0] == '-' || v < min || v > max)
		return line_err(c, "invalid value '%s' for '%s' (expected %u..%u)", s, key,
				min, max);
	*out = (uint32_t)v;
	return 0;
}

static int parse_addr(const struct ctx *c, const char *key, const char *s,
		      struct in6_addr *out)
{
	if (inet_pton(AF_INET6, s, out) != 1)
		return line_err(c, "invalid address '%s' for '%s' (expected an IPv6 address)",
				s, key);
	if (IN6_IS_ADDR_UNSPECIFIED(out) || IN6_IS_ADDR_MULTICAST(out) ||
	    IN6_IS_ADDR_LINKLOCAL(out) || IN6_IS_ADDR_LOOPBACK(out))
		return line_err(c, "address '%s' for '%s' is not a global unicast address",
				s, key);
	return 0;
}

static int once(const struct ctx *c, const char *key, unsigned int *seen)
{
	if (*seen)
		return line_err(c, "duplicate '%s' (first on line %u)", key, *seen);
	*seen = c->line;
	return 0;
}

static void role_only(struct pmipd_config *cfg, const struct ctx *c, bool lma,
		      const char *key)
{
	unsigned int *line = lma ? &cfg->lma_only_line : &cfg->mag_only_line;
	char *name = lma ? cfg->lma_only_name : cfg->mag_only_name;

	/* A copy: key may point into the line buffer. */
	if (!*line) {
		*line = c->line;
		snprintf(name, sizeof(cfg->lma_only_name), "%s", key);
	}
}

/*
 * One "mag" value, of a profile (first 0) or of the LMA (first: the line
 * of the first "mag" line): a MAG's address, or "any" (RFC 5213 5.3.1:
 * the LMA authorizes the MAGs; "any" says in so many words that it does
 * not). Never both in one list, no address twice.
 */
static int add_mag(const struct ctx *c, const char *val, struct in6_addr *list,
		   unsigned int *n, unsigned int max, bool *any, unsigned int first)
{
	char where[40] = "";
	struct in6_addr a;

	if (first)
		snprintf(where, sizeof(where), " (first 'mag' on line %u)", first);
	if (!strcmp(val, "any")) {
		if (*any)
			return line_err(c, "duplicate 'mag any'%s", where);
		if (*n)
			return line_err(c, "'mag any' with MAG addresses%s: 'any' already lets every peer register",
					where);
		*any = true;
		return 0;
	}
	if (*any)
		return line_err(c, "MAG address '%s' with 'mag any'%s: 'any' already lets every peer register",
				val, where);
	if (parse_addr(c, "mag", val, &a))
		return -EINVAL;
	for (unsigned int i = 0; i < *n; i++)
		if (IN6_ARE_ADDR_EQUAL(&list[i], &a))
			return line_err(c, "duplicate MAG '%s'", val);
	if (*n == max)
		return line_err(c, "more than %u MAGs", max);
	list[(*n)++] = a;
	return 0;
}

/* ---- the profile indexes ------------------------------------------------- */

/*
 * FNV-1a. The keys in the tables come from the operator's file; a peer
 * only chooses what it looks up, which costs at most one probe run.
 */
static size_t mn_hash(const uint8_t *p, size_t n)
{
	uint64_t h = 14695981039346656037ull;

	while (n--)
		h = (h ^ *p++) * 1099511628211ull;
	return (size_t)(h ^ (h >> 32));
}

static void mn_key(const struct pmipd_mn_profile *p, bool ll, const uint8_t **key,
		   size_t *len)
{
	*key = ll ? p->ll_id : (const uint8_t *)p->nai;
	*len = ll ? p->ll_id_len : p->nai_len;
}

static const struct pmipd_mn_profile *mn_index_find(const struct pmipd_config *cfg, bool ll,
						    const uint8_t *key, size_t len)
{
	const uint32_t *tab = ll ? cfg->mn_by_ll_id : cfg->mn_by_nai;
	size_t mask = cfg->mn_slots - 1;

	if (!tab)
		return NULL;
	/* Linear probing ends at an empty slot: the table is at most half full. */
	for (size_t i = mn_hash(key, len) & mask; tab[i]; i = (i + 1) & mask) {
		const struct pmipd_mn_profile *p = &cfg->mn[tab[i] - 1];
		const uint8_t *k;
		size_t n;

		mn_key(p, ll, &k, &n);
		if (n == len && !memcmp(k, key, len))
			return p;
	}
	return NULL;
}

static void mn_index_put(uint32_t *tab, size_t slots, const struct pmipd_config *cfg,
			 size_t idx, bool ll)
{
	const uint8_t *k;
	size_t n, i;

	mn_key(&cfg->mn[idx], ll, &k, &n);
	if (ll && !n)
		return;		/* LMA profiles have no link-layer identifier */
	for (i = mn_hash(k, n) & (slots - 1); tab[i]; i = (i + 1) & (slots - 1))
		;
	tab[i] = (uint32_t)(idx + 1);
}

/* cfg->mn[idx] is new (its NAI and ll-id are unique: parse_mn checked). */
static void mn_index_add(struct pmipd_config *cfg, size_t idx)
{
	mn_index_put(cfg->mn_by_nai, cfg->mn_slots, cfg, idx, false);
	mn_index_put(cfg->mn_by_ll_id, cfg->mn_slots, cfg, idx, true);
}

/* Room for one more profile with the tables at most half full. */
static int mn_index_reserve(struct pmipd_config *cfg)
{
	size_t slots = cfg->mn_slots ? 2 * cfg->mn_slots : 64;
	uint32_t *nai, *ll;

	if (2 * (cfg->n_mn + 1) <= cfg->mn_slots)
		return 0;
	if (cfg->n_mn >= UINT32_MAX - 1)
		return -ENOMEM;
	nai = calloc(slots, sizeof(*nai));
	ll = calloc(slots, sizeof(*ll));
	if (!nai || !ll) {
		free(nai);
		free(ll);
		return -ENOMEM;
	}
	for (size_t i = 0; i < cfg->n_mn; i++) {
		mn_index_put(nai, slots, cfg, i, false);
		mn_index_put(ll, slots, cfg, i, true);
	}
	free(cfg->mn_by_nai);
	free(cfg->mn_by_ll_id);
	cfg->mn_by_nai = nai;
	cfg->mn_by_ll_id = ll;
	cfg->mn_slots = slots;
	return 0;
}

/* mn NAI key value ...: both roles' keys are parsed; check() sorts them. */
static int parse_mn(struct pmipd_config *cfg, const struct ctx *c, char **tok, int n)
{
	struct pmipd_mn_profile p = { .line = c->line };
	struct pmipd_mn_profile *v;
	bool has_lifetime = false, has_att = false, has_decision = false;

	if (n < 2)
		return line_err(c, "'mn' needs a mobile node identifier (NAI)");
	p.nai_len = strlen(tok[1]);
	if (p.nai_len > PMIPD_CFG_NAI_MAX)
		return line_err(c, "mobile node identifier longer than %d bytes",
				PMIPD_CFG_NAI_MAX);
	memcpy(p.nai, tok[1], p.nai_len + 1);
	if (pmipd_config_mn(cfg, (const uint8_t *)p.nai, p.nai_len))
		return line_err(c, "duplicate mobile node '%s' (first on line %u)", p.nai,
				pmipd_config_mn(cfg, (const uint8_t *)p.nai, p.nai_len)->line);

	for (int i = 2; i < n; i += 2) {
		const char *key = tok[i], *val = i + 1 < n ? tok[i + 1] : NULL;

		if (!val)
			return line_err(c, "'%s' of mobile node '%s' needs a value", key, p.nai);
		if (!strcmp(key, "prefix")) {
			if (p.n_prefix == PMIPD_CFG_PREFIX_MAX)
				return line_err(c, "more than %d prefixes", PMIPD_CFG_PREFIX_MAX);
			if (pmipd_prefix_parse(val, &p.prefix[p.n_prefix]))
				return line_err(c, "invalid prefix '%s' (expected an IPv6 /64 with zero host bits)",
						val);
			p.n_prefix++;
		} else if (!strcmp(key, "mag")) {
			if (add_mag(c, val, p.mag, &p.n_mag, PMIPD_CFG_MAG_MAX, &p.mag_any, 0))
				return -EINVAL;
			role_only(cfg, c, true, "mn ... mag");
		} else if (!strcmp(key, "lifetime")) {
			if (has_lifetime)
				return line_err(c, "duplicate 'lifetime' for mobile node '%s'", p.nai);
			if (parse_uint(c, "lifetime", val, 4, PMIPD_LIFETIME_MAX, &p.lifetime))
				return -EINVAL;
			has_lifetime = true;
		} else if (!strcmp(key, "ll-id")) {
			if (p.ll_id_len)
				return line_err(c, "duplicate 'll-id' for mobile node '%s'", p.nai);
			if (pmipd_ll_id_parse(val, p.ll_id, sizeof(p.ll_id), &p.ll_id_len))
				return line_err(c, "invalid link-layer identifier '%s' (expected hex bytes such as 02:00:00:00:01:01)",
						val);
			if (pmipd_config_mn_by_ll_id(cfg, p.ll_id, p.ll_id_len))
				return line_err(c, "link-layer identifier '%s' already belongs to mobile node on line %u",
						val,
						pmipd_config_mn_by_ll_id(cfg, p.ll_id, p.ll_id_len)->line);
			role_only(cfg, c, false, "mn ... ll-id");
		} else if (!strcmp(key, "lma")) {
			if (p.has_lma)
				return line_err(c, "duplicate 'lma' for mobile node '%s'", p.nai);
			if (parse_addr(c, "lma", val, &p.lma))
				return -EINVAL;
			p.has_lma = true;
			role_only(cfg, c, false, "mn ... lma");
		} else if (!strcmp(key, "prefixes")) {
			if (strcmp(val, "shared") && strcmp(val, "own"))
				return line_err(c, "invalid value '%s' for 'prefixes' (expected shared or own)",
						val);
			p.shared = !strcmp(val, "shared");
			role_only(cfg, c, false, "mn ... prefixes");
		} else if (!strcmp(key, "att")) {
			uint32_t att;

			if (has_att)
				return line_err(c, "duplicate 'att' for mobile node '%s'", p.nai);
			if (parse_uint(c, "att", val, 0, 255, &att))
				return -EINVAL;
			p.att = (uint8_t)att;
			has_att = true;
			role_only(cfg, c, false, "mn ... att");
		} else if (!strcmp(key, "flow-decision")) {
			if (has_decision)
				return line_err(c, "duplicate 'flow-decision' for mobile node '%s'", p.nai);
			if (strcmp(val, "lma") && strcmp(val, "mn"))
				return line_err(c, "invalid value '%s' for 'flow-decision' (expected lma or mn)",
						val);
			/* RFC 7864 3.2: the MN or the LMA decides, never both. */
			p.mn_decides = !strcmp(val, "mn");
			has_decision = true;
			role_only(cfg, c, true, "mn ... flow-decision");
		} else {
			return line_err(c, "unknown key '%s' for mobile node '%s' (expected prefix, mag, lifetime, flow-decision, ll-id, lma, att or prefixes)",
					key, p.nai);
		}
	}

	/* Doubling: one realloc per line would copy the array each time. */
	if (cfg->n_mn == cfg->mn_cap) {
		size_t cap = cfg->mn_cap ? 2 * cfg->mn_cap : 16;

		v = realloc(cfg->mn, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		cfg->mn = v;
		cfg->mn_cap = cap;
	}
	if (mn_index_reserve(cfg))
		return -ENOMEM;
	cfg->mn[cfg->n_mn] = p;
	mn_index_add(cfg, cfg->n_mn++);
	return 0;
}

static bool prefix_covers(const struct in6_addr *p, unsigned int len, const struct in6_addr *a)
{
	for (unsigned int bit = 0; bit < len; bit++) {
		uint8_t mask = (uint8_t)(0x80 >> (bit % 8));

		if ((p->s6_addr[bit / 8] & mask) != (a->s6_addr[bit / 8] & mask))
			return false;
	}
	return true;
}

/* ro-peer-lma P/LEN ADDR (draft-loureiro-netext-pmipv6-ro-02 3). */
static int parse_ro_peer(struct pmipd_config *cfg, const struct ctx *c, char **tok, int n)
{
	struct pmipd_ro_peer *r;
	char addr[INET6_ADDRSTRLEN + 8];
	const char *slash;
	unsigned long len = 0;
	char *end = NULL;

	role_only(cfg, c, true, "ro-peer-lma");
	if (n != 3)
		return line_err(c, "'ro-peer-lma' needs a prefix and an LMA address (ro-peer-lma P/LEN ADDR)");
	if (cfg->n_ro_peer == PMIPD_CFG_RO_PEER_MAX)
		return line_err(c, "more than %d 'ro-peer-lma' lines", PMIPD_CFG_RO_PEER_MAX);
	r = &cfg->ro_peer[cfg->n_ro_peer];
	slash = strchr(tok[1], '/');
	if (slash)
		len = strtoul(slash + 1, &end, 10);
	if (!slash || (size_t)(slash - tok[1]) >= INET6_ADDRSTRLEN || !slash[1] || *end ||
	    len < 16 || len > 64)
		return line_err(c, "invalid prefix '%s' for 'ro-peer-lma' (expected an IPv6 prefix /16 to /64)",
				tok[1]);
	memcpy(addr, tok[1], (size_t)(slash - tok[1]));
	addr[slash - tok[1]] = '\0';
	if (inet_pton(AF_INET6, addr, &r->prefix) != 1)
		return line_err(c, "invalid prefix '%s' for 'ro-peer-lma' (expected an IPv6 prefix /16 to /64)",
				tok[1]);
	for (unsigned int bit = (unsigned int)len; bit < 128; bit++)
		if (r->prefix.s6_addr[bit / 8] & (0x80 >> (bit % 8)))
			return line_err(c, "prefix '%s' for 'ro-peer-lma' has host bits set", tok[1]);
	r->len = (uint8_t)len;
	if (parse_addr(c, "ro-peer-lma", tok[2], &r->lma))
		return -EINVAL;
	for (unsigned int i = 0; i < cfg->n_ro_peer; i++)
		if (cfg->ro_peer[i].len == r->len &&
		    IN6_ARE_ADDR_EQUAL(&cfg->ro_peer[i].prefix, &r->prefix))
			return line_err(c, "duplicate 'ro-peer-lma' prefix '%s'", tok[1]);
	cfg->n_ro_peer++;
	return 0;
}

const struct in6_addr *pmipd_config_ro_peer(const struct pmipd_config *cfg,
					    const struct in6_addr *addr)
{
	const struct pmipd_ro_peer *best = NULL;

	for (unsigned int i = 0; i < cfg->n_ro_peer; i++)
		if (prefix_covers(&cfg->ro_peer[i].prefix, cfg->ro_peer[i].len, addr) &&
		    (!best || cfg->ro_peer[i].len > best->len))
			best = &cfg->ro_peer[i];
	return best ? &best->lma : NULL;
}

/* Hex key of exactly want octets ("0x" allowed). */
static int parse_key(const struct ctx *c, const char *key, const char *s, size_t want,
		     uint8_t *out)
{
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; s[0] && s[1] && n < want; s += 2) {
		unsigned int v;
		char hex[3] = { s[0], s[1], '\0' };

		if (!strchr("0123456789abcdefABCDEF", s[0]) ||
		    !strchr("0123456789abcdefABCDEF", s[1]))
			break;
		sscanf(hex, "%x", &v);
		out[n++] = (uint8_t)v;
	}
	if (*s || n != want)
		return line_err(c, "invalid key for '%s' (expected %zu octets in hex, %zu digits)",
				key, want, want * 2);
	return 0;
}

/*
 * peer ADDR ike | peer ADDR esp-auth ALG KEY [esp-enc ALG KEY] spi-out N spi-in N
 *
 * RFC 5213 4.0: ESP in transport mode with a non-null authentication
 * algorithm; encryption is optional. Only the algorithms a Linux kernel
 * has and RFC 8221 still recommends are offered.
 */
static int parse_peer(struct pmipd_config *cfg, const struct ctx *c, char **tok, int n)
{
	static const struct {
		const char *name;
		size_t key;
		unsigned int trunc;
	} auths[] = {
		{ "hmac(sha256)", 32, 128 },	/* RFC 4868 2.1.1, 2.3 */
		{ "hmac(sha384)", 48, 192 },
		{ "hmac(sha512)", 64, 256 },
	};
	struct pmipd_peer p = { .line = c->line };
	bool has_out = false, has_in = false;
	const struct pmipd_peer *other;
	void *v;

	if (n < 3)
		return line_err(c, "usage: peer ADDR ike | peer ADDR esp-auth ALG KEY [esp-enc ALG KEY] spi-out N spi-in N");
	if (parse_addr(c, "peer", tok[1], &p.addr))
		return -EINVAL;
	other = pmipd_config_peer(cfg, &p.addr);
	if (other)
		return line_err(c, "duplicate peer '%s' (first on line %u)", tok[1], other->line);
	if (cfg->n_peer == PMIPD_CFG_PEER_MAX)
		return line_err(c, "more than %d peers", PMIPD_CFG_PEER_MAX);
	if (!strcmp(tok[2], "ike")) {
		if (n > 3)
			return line_err(c, "unexpected '%s' after 'ike'", tok[3]);
		p.ike = true;
		goto add;
	}
	for (int i = 2, step; i < n; i += step) {
		const char *key = tok[i];
		bool alg_key = !strcmp(key, "esp-auth") || !strcmp(key, "esp-enc");
		uint32_t spi;

		step = alg_key ? 3 : 2;	/* ALG KEY, or one value */

		if (i + 1 >= n || (alg_key && i + 2 >= n))
			return line_err(c, "'%s' needs %s", key,
					alg_key ? "an algorithm and a key" : "a value");
		/*
		 * A forgotten key would otherwise be reported as a bad key
		 * named after the next keyword.
		 */
		if (alg_key && (!strcmp(tok[i + 2], "esp-auth") || !strcmp(tok[i + 2], "esp-enc") ||
				!strcmp(tok[i + 2], "spi-out") || !strcmp(tok[i + 2], "spi-in") ||
				!strcmp(tok[i + 2], "ike")))
			return line_err(c, "'%s %s' needs a key before '%s'", key, tok[i + 1],
					tok[i + 2]);
		if (!strcmp(key, "esp-auth")) {
			size_t k;

			if (p.auth_alg)
				return line_err(c, "duplicate 'esp-auth' for peer '%s'", tok[1]);
			for (k = 0; k < sizeof(auths) / sizeof(auths[0]); k++)
				if (!strcmp(tok[i + 1], auths[k].name))
					break;
			if (k == sizeof(auths) / sizeof(auths[0]))
				return line_err(c, "invalid algorithm '%s' for 'esp-auth' (expected hmac(sha256), hmac(sha384) or hmac(sha512): RFC 5213 4.0 needs a non-null one)",
						tok[i + 1]);
			if (parse_key(c, key, tok[i + 2], auths[k].key, p.auth_key))
				return -EINVAL;
			p.auth_alg = auths[k].name;
			p.auth_key_len = auths[k].key;
			p.auth_trunc_bits = auths[k].trunc;
		} else if (!strcmp(key, "esp-enc")) {
			const char *hex = tok[i + 2];
			size_t len;

			if (p.enc_alg)
				return line_err(c, "duplicate 'esp-enc' for peer '%s'", tok[1]);
			if (strcmp(tok[i + 1], "cbc(aes)"))
				return line_err(c, "invalid algorithm '%s' for 'esp-enc' (expected cbc(aes))",
						tok[i + 1]);
			if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
				hex += 2;
			len = strlen(hex);
			/* RFC 3602 2.2: 128, 192 or 256 bits. */
			if (len != 32 && len != 48 && len != 64)
				return line_err(c, "invalid key for 'esp-enc' (expected 16, 24 or 32 octets in hex)");
			if (parse_key(c, key, tok[i + 2], len / 2, p.enc_key))
				return -EINVAL;
			p.enc_alg = "cbc(aes)";
			p.enc_key_len = len / 2;
		} else if (!strcmp(key, "spi-out") || !strcmp(key, "spi-in")) {
			bool out = !strcmp(key, "spi-out");

			if (out ? has_out : has_in)
				return line_err(c, "duplicate '%s' for peer '%s'", key, tok[1]);
			/* RFC 4303 2.1: 1..255 reserved by IANA, 0 local use. */
			if (parse_uint(c, key, tok[i + 1], 256, UINT32_MAX, &spi))
				return -EINVAL;
			*(out ? &p.spi_out : &p.spi_in) = spi;
			*(out ? &has_out : &has_in) = true;
		} else {
			return line_err(c, "unknown key '%s' for peer '%s' (expected ike, esp-auth, esp-enc, spi-out or spi-in)",
					key, tok[1]);
		}
	}
	if (!p.auth_alg || !has_out || !has_in)
		return line_err(c, "peer '%s' needs 'esp-auth ALG KEY', 'spi-out N' and 'spi-in N' (or 'ike')",
				tok[1]);
	/* Inbound SAs all have our address as destination: the SPI alone
	 * tells them apart (RFC 4303 2.1). */
	for (size_t i = 0; i < cfg->n_peer; i++)
		if (!cfg->peer[i].ike && cfg->peer[i].spi_in == p.spi_in)
			return line_err(c, "spi-in %u is already peer line %u's", p.spi_in,
					cfg->peer[i].line);
add:
	v = realloc(cfg->peer, (cfg->n_peer + 1) * sizeof(p));
	if (!v) {
		explicit_bzero(&p, sizeof(p));
		return -ENOMEM;
	}
	cfg->peer = v;
	cfg->peer[cfg->n_peer++] = p;
	explicit_bzero(&p, sizeof(p));
	return 0;
}

static int parse_line(char *buf, const struct ctx *c, struct pmipd_config *cfg,
		      struct seen *seen)
{
	char *tok[CONFIG_TOKENS_MAX];
	int n = tokenize(buf, tok, CONFIG_TOKENS_MAX);
	const char *key;

	if (n == 0)
		return 0;
	if (n > CONFIG_TOKENS_MAX)
		return line_err(c, "more than %d words on a line", CONFIG_TOKENS_MAX);
	key = tok[0];
	if (!strcmp(key, "mn"))
		return parse_mn(cfg, c, tok, n);
	if (!strcmp(key, "ro-peer-lma"))
		return parse_ro_peer(cfg, c, tok, n);
	if (!strcmp(key, "peer"))
		return parse_peer(cfg, c, tok, n);
	if (n < 2)
		return line_err(c, "'%s' needs a value", key);
	if (n > 2)
		return line_err(c, "unexpected '%s' after the value of '%s'", tok[2], key);

	if (!strcmp(key, "role")) {
		if (once(c, key, &seen->role))
			return -EINVAL;
		if (pmip6_role_parse(tok[1], &cfg->role))
			return line_err(c, "invalid role '%s' (expected lma or mag)", tok[1]);
		cfg->has_role = true;
		return 0;
	}
	if (!strcmp(key, "local")) {
		if (once(c, key, &seen->local) || parse_addr(c, key, tok[1], &cfg->local_addr))
			return -EINVAL;
		cfg->has_local_addr = true;
		return 0;
	}
	if (!strcmp(key, "control")) {
		if (once(c, key, &seen->control))
			return -EINVAL;
		if (strlen(tok[1]) > PMIPD_CFG_CONTROL_MAX)
			return line_err(c, "control socket name longer than %d bytes",
					PMIPD_CFG_CONTROL_MAX);
		strcpy(cfg->control, tok[1]);
		return 0;
	}
	if (!strcmp(key, "security")) {
		if (once(c, key, &seen->security))
			return -EINVAL;
		if (!strcmp(tok[1], "ipsec"))
			cfg->security = PMIPD_SECURITY_IPSEC;
		else if (!strcmp(tok[1], "insecure-lab"))
			cfg->security = PMIPD_SECURITY_INSECURE_LAB;
		else
			return line_err(c, "invalid value '%s' for 'security' (expected ipsec or insecure-lab)",
					tok[1]);
		return 0;
	}
	if (!strcmp(key, "lifetime"))
		return once(c, key, &seen->lifetime) ?:
		       parse_uint(c, key, tok[1], 4, PMIPD_LIFETIME_MAX, &cfg->lifetime);
	if (!strcmp(key, "timestamp-window")) {
		role_only(cfg, c, true, key);
		return once(c, key, &seen->window) ?:
		       parse_uint(c, key, tok[1], 1, 60000, &cfg->timestamp_window_ms);
	}
	if (!strcmp(key, "min-delay-before-bce-delete")) {
		role_only(cfg, c, true, key);
		return once(c, key, &seen->min_delay) ?:
		       parse_uint(c, key, tok[1], 0, 3600000, &cfg->min_delay_bce_delete_ms);
	}
	if (!strcmp(key, "max-delay-before-new-bce-assign")) {
		role_only(cfg, c, true, key);
		return once(c, key, &seen->max_delay) ?:
		       parse_uint(c, key, tok[1], 0, 3600000, &cfg->max_delay_new_bce_ms);
	}
	if (!strcmp(key, "prefix-pool")) {
		char addr[INET6_ADDRSTRLEN + 8];
		const char *slash = strchr(tok[1], '/');
		char *end;
		unsigned long len;

		role_only(cfg, c, true, key);
		if (once(c, key, &seen->pool))
			return -EINVAL;
		len = slash ? strtoul(slash + 1, &end, 10) : 0;
		if (!slash || (size_t)(slash - tok[1]) >= INET6_ADDRSTRLEN || *end ||
		    len < 40 || len > 63)
			return line_err(c, "invalid prefix pool '%s' (expected an IPv6 prefix /40 to /63)",
					tok[1]);
		memcpy(addr, tok[1], (size_t)(slash - tok[1]));
		addr[slash - tok[1]] = '\0';
		if (inet_pton(AF_INET6, addr, &cfg->pool.addr) != 1)
			return line_err(c, "invalid prefix pool '%s' (expected an IPv6 prefix /40 to /63)",
					tok[1]);
		for (unsigned int bit = (unsigned int)len; bit < 128; bit++)
			if (cfg->pool.addr.s6_addr[bit / 8] & (0x80 >> (bit % 8)))
				return line_err(c, "prefix pool '%s' has host bits set", tok[1]);
		cfg->pool.len = (uint8_t)len;
		cfg->has_pool = true;
		return 0;
	}
	if (!strcmp(key, "lma")) {
		role_only(cfg, c, false, key);
		if (once(c, key, &seen->lma) || parse_addr(c, key, tok[1], &cfg->lma))
			return -EINVAL;
		cfg->has_lma = true;
		return 0;
	}
	if (!strcmp(key, "access")) {
		role_only(cfg, c, false, key);
		if (strlen(tok[1]) >= sizeof(cfg->access[0]))
			return line_err(c, "interface name '%s' longer than 15 bytes", tok[1]);
		for (unsigned int i = 0; i < cfg->n_access; i++)
			if (!strcmp(cfg->access[i], tok[1]))
				return line_err(c, "duplicate access interface '%s'", tok[1]);
		if (cfg->n_access == PMIPD_CFG_ACCESS_MAX)
			return line_err(c, "more than %d access interfaces", PMIPD_CFG_ACCESS_MAX);
		strcpy(cfg->access[cfg->n_access++], tok[1]);
		return 0;
	}
	if (!strcmp(key, "timestamps")) {
		role_only(cfg, c, false, key);
		if (once(c, key, &seen->timestamps))
			return -EINVAL;
		if (strcmp(tok[1], "on") && strcmp(tok[1], "off"))
			return line_err(c, "invalid value '%s' for 'timestamps' (expected on or off)",
					tok[1]);
		cfg->timestamps = !strcmp(tok[1], "on");
		return 0;
	}
	if (!strcmp(key, "flow-policy")) {
		role_only(cfg, c, true, key);
		if (once(c, key, &seen->flow_policy))
			return -EINVAL;
		if (strlen(tok[1]) >= sizeof(cfg->flow_policy))
			return line_err(c, "flow policy path longer than %zu bytes",
					sizeof(cfg->flow_policy) - 1);
		strcpy(cfg->flow_policy, tok[1]);
		return 0;
	}
	if (!strcmp(key, "flow-cache")) {
		role_only(cfg, c, false, key);
		if (once(c, key, &seen->flow_cache))
			return -EINVAL;
		if (strcmp(tok[1], "on") && strcmp(tok[1], "off"))
			return line_err(c, "invalid value '%s' for 'flow-cache' (expected on or off)",
					tok[1]);
		cfg->flow_cache = !strcmp(tok[1], "on");
		return 0;
	}
	if (!strcmp(key, "ra-interval")) {
		role_only(cfg, c, false, key);
		return once(c, key, &seen->ra_interval) ?:
		       parse_uint(c, key, tok[1], 1, 1800, &cfg->ra_interval);
	}
	if (!strcmp(key, "nud-probes")) {
		role_only(cfg, c, false, key);
		return once(c, key, &seen->nud_probes) ?:
		       parse_uint(c, key, tok[1], 1, 10, &cfg->nud_probes);
	}
	if (!strcmp(key, "nud-interval")) {
		role_only(cfg, c, false, key);
		return once(c, key, &seen->nud_interval) ?:
		       parse_uint(c, key, tok[1], 50, 10000, &cfg->nud_interval_ms);
	}
	if (!strcmp(key, "hold-down")) {
		role_only(cfg, c, false, key);
		return once(c, key, &seen->hold_down) ?:
		       parse_uint(c, key, tok[1], 1, 3600, &cfg->hold_down_s);
	}
	/*
	 * RFC 5213 9.3, FixedMAGLinkLocalAddressOnAllAccessLinks: both roles
	 * (a domain setting). A MAG then uses it on every access link and
	 * sends no Link-local Address option (6.9.1.1 rule 9); an LMA gives
	 * it to a MAG that asks all the same (5.3.6).
	 */
	if (!strcmp(key, "fixed-mag-link-local")) {
		if (once(c, key, &seen->fixed_ll))
			return -EINVAL;
		if (inet_pton(AF_INET6, tok[1], &cfg->fixed_mag_ll) != 1 ||
		    !IN6_IS_ADDR_LINKLOCAL(&cfg->fixed_mag_ll) ||
		    !memcmp(&cfg->fixed_mag_ll.s6_addr[8], &in6addr_any.s6_addr[8], 8))
			return line_err(c, "invalid address '%s' for '%s' (expected a link-local unicast address, fe80::/10, with a non-zero interface identifier)",
					tok[1], key);
		cfg->has_fixed_mag_ll = true;
		return 0;
	}
	/* RFC 5213 9.3, FixedMAGLinkLayerAddressOnAllAccessLinks. */
	if (!strcmp(key, "fixed-mag-link-layer")) {
		size_t len;

		role_only(cfg, c, false, key);
		if (once(c, key, &seen->fixed_mac))
			return -EINVAL;
		if (pmipd_ll_id_parse(tok[1], cfg->fixed_mag_mac, sizeof(cfg->fixed_mag_mac),
				      &len) || len != sizeof(cfg->fixed_mag_mac))
			return line_err(c, "invalid link-layer address '%s' for '%s' (expected 6 octets, e.g. 02:00:5e:10:00:01)",
					tok[1], key);
		/* IEEE 802: the I/G bit marks a group address. */
		if ((cfg->fixed_mag_mac[0] & 1) ||
		    !memcmp(cfg->fixed_mag_mac, "\0\0\0\0\0\0", 6))
			return line_err(c, "link-layer address '%s' for '%s' is not a unicast address",
					tok[1], key);
		cfg->has_fixed_mag_mac = true;
		return 0;
	}
	if (!strcmp(key, "link-local-option")) {
		role_only(cfg, c, false, key);
		if (once(c, key, &seen->ll_option))
			return -EINVAL;
		if (strcmp(tok[1], "on") && strcmp(tok[1], "off"))
			return line_err(c, "invalid value '%s' for 'link-local-option' (expected on or off)",
					tok[1]);
		cfg->link_local_option = !strcmp(tok[1], "on");
		cfg->link_local_option_line = c->line;
		return 0;
	}
	if (!strcmp(key, "localized-routing")) {
		if (once(c, key, &seen->ro))
			return -EINVAL;
		if (strcmp(tok[1], "on") && strcmp(tok[1], "off"))
			return line_err(c, "invalid value '%s' for 'localized-routing' (expected on or off)",
					tok[1]);
		cfg->localized_routing = !strcmp(tok[1], "on");
		return 0;
	}
	if (!strcmp(key, "ro-lifetime")) {
		role_only(cfg, c, true, key);
		return once(c, key, &seen->ro_lifetime) ?:
		       parse_uint(c, key, tok[1], 4, 65535, &cfg->ro_lifetime);
	}
	/*
	 * RFC 5847 5. Below 30 s is accepted (labs and tests want fast
	 * detection; pmipd says at start that it is below the RFC's advice),
	 * above 3600 s is refused: nothing is detected for an hour, longer
	 * than any binding is likely to wait.
	 */
	if (!strcmp(key, "heartbeat-interval"))
		return once(c, key, &seen->heartbeat_interval) ?:
		       parse_uint(c, key, tok[1], 0, PMIPD_HEARTBEAT_INTERVAL_MAX,
				  &cfg->heartbeat_interval);
	if (!strcmp(key, "missing-heartbeats-allowed"))
		return once(c, key, &seen->missing_heartbeats) ?:
		       parse_uint(c, key, tok[1], 0, 255, &cfg->missing_heartbeats_allowed);
	if (!strcmp(key, "mag")) {
		role_only(cfg, c, true, key);
		if (add_mag(c, tok[1], cfg->mag, &cfg->n_mag, PMIPD_CFG_PEER_MAX, &cfg->mag_any,
			    cfg->mag_line))
			return -EINVAL;
		if (!cfg->mag_line)
			cfg->mag_line = c->line;
		return 0;
	}
	if (!strcmp(key, "ro-max-per-peer"))
		return once(c, key, &seen->ro_max_per_peer) ?:
		       parse_uint(c, key, tok[1], 1, 65535, &cfg->ro_max_per_peer);
	if (!strcmp(key, "ro-requests")) {
		role_only(cfg, c, true, key);
		if (once(c, key, &seen->ro_requests))
			return -EINVAL;
		if (strcmp(tok[1], "accept") && strcmp(tok[1], "deny"))
			return line_err(c, "invalid value '%s' for 'ro-requests' (expected accept or deny)",
					tok[1]);
		cfg->ro_requests = !strcmp(tok[1], "accept");
		return 0;
	}
	return line_err(c, "unknown setting '%s'", key);
}

void pmipd_config_init(struct pmipd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	strcpy(cfg->control, PMIPD_DEF_CONTROL);
	cfg->lifetime = PMIPD_DEF_LIFETIME;
	cfg->timestamp_window_ms = PMIPD_DEF_TIMESTAMP_WINDOW_MS;
	cfg->min_delay_bce_delete_ms = PMIPD_DEF_MIN_DELAY_BCE_DELETE_MS;
	cfg->max_delay_new_bce_ms = PMIPD_DEF_MAX_DELAY_NEW_BCE_MS;
	cfg->timestamps = true;
	cfg->link_local_option = true;
	cfg->ra_interval = PMIPD_DEF_RA_INTERVAL;
	cfg->nud_probes = PMIPD_DEF_NUD_PROBES;
	cfg->nud_interval_ms = PMIPD_DEF_NUD_INTERVAL_MS;
	cfg->hold_down_s = PMIPD_DEF_HOLD_DOWN;
	cfg->ro_lifetime = PMIPD_DEF_RO_LIFETIME;
	cfg->heartbeat_interval = PMIPD_DEF_HEARTBEAT_INTERVAL;
	cfg->missing_heartbeats_allowed = PMIPD_DEF_MISSING_HEARTBEATS_ALLOWED;
	cfg->ro_max_per_peer = PMIPD_DEF_RO_MAX_PER_PEER;
}

void pmipd_config_free(struct pmipd_config *cfg)
{
	free(cfg->mn);
	free(cfg->mn_by_nai);
	free(cfg->mn_by_ll_id);
	cfg->mn = NULL;
	cfg->mn_by_nai = cfg->mn_by_ll_id = NULL;
	cfg->n_mn = cfg->mn_cap = cfg->mn_slots = 0;
	free(cfg->flow_rule);
	free(cfg->prefix_rule);
	cfg->flow_rule = NULL;
	cfg->prefix_rule = NULL;
	cfg->n_flow_rule = cfg->n_prefix_rule = 0;
	if (cfg->peer)
		explicit_bzero(cfg->peer, cfg->n_peer * sizeof(*cfg->peer));
	free(cfg->peer);
	cfg->peer = NULL;
	cfg->n_peer = 0;
}

int pmipd_config_parse(FILE *f, const char *name, struct pmipd_config *cfg,
		       char *err, size_t errlen)
{
	struct ctx c = { .name = name, .err = err, .errlen = errlen };
	struct seen seen = { 0 };
	size_t cap = 0;
	char *buf = NULL;
	ssize_t n;
	int rc = 0;

	pmipd_config_init(cfg);
	errno = 0;
	while ((n = getline(&buf, &cap, f)) >= 0) {
		c.line++;
		if (n > CONFIG_LINE_MAX) {
			rc = line_err(&c, "line longer than %d bytes", CONFIG_LINE_MAX);
			break;
		}
		if (memchr(buf, '\0', (size_t)n)) {
			rc = line_err(&c, "NUL byte in line");
			break;
		}
		rc = parse_line(buf, &c, cfg, &seen);
		if (rc)
			break;
	}
	if (!rc && ferror(f)) {
		rc = errno ? -errno : -EIO;
		if (err && errlen)
			snprintf(err, errlen, "%s: read error: %s", name, strerror(-rc));
	}
	if (rc == -ENOMEM && err && errlen)
		snprintf(err, errlen, "%s:%u: out of memory", name, c.line);
	free(buf);
	if (rc)
		pmipd_config_free(cfg);
	return rc;
}

int pmipd_config_check(const struct pmipd_config *cfg, const char *name,
		       char *err, size_t errlen)
{
	struct ctx c = { .name = name, .err = err, .errlen = errlen };

	if (!cfg->has_role) {
		snprintf(err, errlen, "a role is required (--role lma|mag or 'role' in the config file)");
		return -EINVAL;
	}
	if (cfg->role == PMIP6_ROLE_LMA && cfg->mag_only_line) {
		c.line = cfg->mag_only_line;
		return line_err(&c, "'%s' is a MAG setting, but the role is lma",
				cfg->mag_only_name);
	}
	if (cfg->role == PMIP6_ROLE_MAG && cfg->lma_only_line) {
		c.line = cfg->lma_only_line;
		return line_err(&c, "'%s' is an LMA setting, but the role is mag",
				cfg->lma_only_name);
	}
	if (!cfg->has_local_addr) {
		snprintf(err, errlen, "a local address is required (--local ADDR or 'local' in the config file)");
		return -EINVAL;
	}
	for (size_t i = 0; i < cfg->n_peer; i++) {
		if (IN6_ARE_ADDR_EQUAL(&cfg->peer[i].addr, &cfg->local_addr)) {
			c.line = cfg->peer[i].line;
			return line_err(&c, "peer is the local address itself");
		}
	}
	if (cfg->role == PMIP6_ROLE_LMA) {
		/*
		 * RFC 5213 5.3.1: the LMA checks that the sender is authorized
		 * to register the MN. A profile without MAGs used to let every
		 * peer do it (peer MAGs and LMAs included) without a word in
		 * the file; now that takes 'mag any'. Without the global list
		 * either, an operator most likely forgot it: refuse, at the
		 * first such profile.
		 */
		for (size_t i = 0; !cfg->n_mag && !cfg->mag_any && i < cfg->n_mn; i++) {
			if (!cfg->mn[i].n_mag && !cfg->mn[i].mag_any) {
				c.line = cfg->mn[i].line;
				return line_err(&c, "no MAG may register mobile node '%s': add this LMA's MAGs ('mag ADDR'), the MN's ('mn ... mag ADDR') or 'mag any' (RFC 5213 5.3.1)",
						cfg->mn[i].nai);
			}
		}
	}
	if (cfg->role == PMIP6_ROLE_MAG) {
		/* RFC 5213 6.9.1.1 rule 9: no option in the fixed mode. */
		if (cfg->has_fixed_mag_ll && cfg->link_local_option_line &&
		    cfg->link_local_option) {
			c.line = cfg->link_local_option_line;
			return line_err(&c, "'link-local-option on' with 'fixed-mag-link-local': a MAG of a domain with a fixed link-local address sends no Link-local Address option (RFC 5213 6.9.1.1)");
		}
		for (size_t i = 0; i < cfg->n_mn; i++) {
			if (cfg->has_fixed_mag_mac && cfg->mn[i].ll_id_len == 6 &&
			    !memcmp(cfg->mn[i].ll_id, cfg->fixed_mag_mac, 6)) {
				c.line = cfg->mn[i].line;
				return line_err(&c, "mobile node '%s' has the MAGs' own link-layer address ('fixed-mag-link-layer') as its ll-id",
						cfg->mn[i].nai);
			}
			if (cfg->mn[i].shared && !cfg->mn[i].n_prefix) {
				c.line = cfg->mn[i].line;
				return line_err(&c, "mobile node '%s' shares prefixes but names none ('prefix P/64': RFC 7864 3.2.1 needs them in the PBU)",
						cfg->mn[i].nai);
			}
			if (!cfg->has_lma && !cfg->mn[i].has_lma) {
				c.line = cfg->mn[i].line;
				return line_err(&c, "mobile node '%s' has no LMA ('lma ADDR' globally or on its line)",
						cfg->mn[i].nai);
			}
		}
	}
	return 0;
}

const struct pmipd_mn_profile *pmipd_config_mn(const struct pmipd_config *cfg,
					       const uint8_t *nai, size_t len)
{
	return mn_index_find(cfg, false, nai, len);
}

bool pmipd_config_mag_allowed(const struct pmipd_config *cfg, const struct pmipd_mn_profile *p,
			      const struct in6_addr *addr)
{
	const struct in6_addr *list = p->mag;
	unsigned int n = p->n_mag;

	if (p->mag_any || (!n && cfg->mag_any))
		return true;
	if (!n) {
		list = cfg->mag;
		n = cfg->n_mag;
	}
	for (unsigned int i = 0; i < n; i++)
		if (IN6_ARE_ADDR_EQUAL(&list[i], addr))
			return true;
	return false;
}

const struct pmipd_peer *pmipd_config_peer(const struct pmipd_config *cfg,
					   const struct in6_addr *addr)
{
	for (size_t i = 0; i < cfg->n_peer; i++)
		if (IN6_ARE_ADDR_EQUAL(&cfg->peer[i].addr, addr))
			return &cfg->peer[i];
	return NULL;
}

const struct pmipd_mn_profile *pmipd_config_mn_by_ll_id(const struct pmipd_config *cfg,
							const uint8_t *ll_id, size_t len)
{
	/* An empty identifier names no interface (profiles without one,
	 * the LMA's, are not in this index). */
	if (!len)
		return NULL;
	return mn_index_find(cfg, true, ll_id, len);
}

/* ---- the flow policy file ------------------------------------------------ */

struct policy {
	size_t n_flow, n_prefix;
	struct pmipd_flow_rule *flow;
	struct pmipd_prefix_rule *prefix;
};

static int policy_mn(const struct ctx *c, const struct pmipd_config *cfg, const char *nai,
		     const struct pmipd_mn_profile **out)
{
	*out = pmipd_config_mn(cfg, (const uint8_t *)nai, strlen(nai));
	if (!*out)
		return line_err(c, "unknown mobile node '%s' (no 'mn' line in the configuration)",
				nai);
	if ((*out)->mn_decides)
		return line_err(c, "mobile node '%s' takes its own flow decisions (flow-decision mn on line %u): the LMA may not have rules for it (RFC 7864 3.2)",
				nai, (*out)->line);
	return 0;
}

static int policy_att(const struct ctx *c, const char *s, uint8_t *att)
{
	uint32_t v;

	if (parse_uint(c, "att", s, 0, 255, &v))
		return -EINVAL;
	*att = (uint8_t)v;
	return 0;
}

static int policy_flow(const struct ctx *c, const struct pmipd_config *cfg, char **tok, int n,
		       struct policy *pol)
{
	struct pmipd_flow_rule r = { .line = c->line };
	bool has_fid = false, has_att = false;
	char why[PMIP6_WHYLEN];
	void *v;

	if (n < 2)
		return line_err(c, "'flow' needs a mobile node identifier");
	if (policy_mn(c, cfg, tok[1], &r.mn))
		return -EINVAL;
	for (int i = 2; i < n; i += 2) {
		const char *key = tok[i], *val = i + 1 < n ? tok[i + 1] : NULL;
		uint32_t u;
		int rc;

		if (!val)
			return line_err(c, "'%s' needs a value", key);
		if (!strcmp(key, "fid") || !strcmp(key, "prio")) {
			/* RFC 6089 4.2: FID 0 and FID-PRI 0 are reserved. */
			if (pmip6_parse_num(key, val, 1, 65535, &u, why))
				return line_err(c, "%s", why);
			if (!strcmp(key, "fid")) {
				r.fid = (uint16_t)u;
				has_fid = true;
			} else {
				r.prio = (uint16_t)u;
			}
		} else if (!strcmp(key, "action")) {
			if (pmip6_fmc_action_parse(val, &r.action))
				return line_err(c, "invalid action '%s' (expected forward or drop)", val);
		} else if (!strcmp(key, "att")) {
			if (policy_att(c, val, &r.att))
				return -EINVAL;
			has_att = true;
		} else {
			rc = pmip6_ts_parse_kw(&r.ts, key, val, why);
			if (rc < 0)
				return line_err(c, "%s", why);
			if (rc > 0)
				return line_err(c, "unknown key '%s' in a flow rule (expected fid, prio, action, att or a selector: src, dst, proto, sport, dport, spi, label, tclass)",
						key);
		}
	}
	if (!has_fid || !has_att)
		return line_err(c, "a flow rule needs 'fid N' and 'att A'");
	/* RFC 6089 4.2: each flow of an MN has its own FID-PRI; the FID is. */
	if (!r.prio)
		r.prio = r.fid;
	for (size_t i = 0; i < pol->n_flow; i++) {
		if (pol->flow[i].mn != r.mn)
			continue;
		if (pol->flow[i].fid == r.fid)
			return line_err(c, "flow %u of '%s' already has a rule on line %u", r.fid,
					r.mn->nai, pol->flow[i].line);
		if (pol->flow[i].prio == r.prio)
			return line_err(c, "prio %u of '%s' is flow %u's already (line %u): each flow of a mobile node needs its own (RFC 6089 4.2)",
					r.prio, r.mn->nai, pol->flow[i].fid, pol->flow[i].line);
	}
	v = realloc(pol->flow, (pol->n_flow + 1) * sizeof(r));
	if (!v)
		return -ENOMEM;
	pol->flow = v;
	pol->flow[pol->n_flow++] = r;
	return 0;
}

static int policy_prefix(const struct ctx *c, const struct pmipd_config *cfg, char **tok,
			 int n, struct policy *pol)
{
	struct pmipd_prefix_rule r = { .line = c->line };
	struct pmipd_prefix p;
	bool in_profile = false;
	void *v;

	if (n != 5 || strcmp(tok[3], "att"))
		return line_err(c, "usage: prefix MN P/64 att A");
	if (policy_mn(c, cfg, tok[1], &r.mn))
		return -EINVAL;
	if (pmipd_prefix_parse(tok[2], &p))
		return line_err(c, "invalid prefix '%s' (expected an IPv6 /64 with zero host bits)",
				tok[2]);
	for (unsigned int i = 0; i < r.mn->n_prefix; i++)
		in_profile |= !memcmp(&r.mn->prefix[i].addr, &p.addr, sizeof(p.addr));
	if (!in_profile)
		return line_err(c, "prefix '%s' is not one of mobile node '%s''s prefixes", tok[2],
				r.mn->nai);
	r.prefix = p.addr;
	if (policy_att(c, tok[4], &r.att))
		return -EINVAL;
	for (size_t i = 0; i < pol->n_prefix; i++)
		if (!memcmp(&pol->prefix[i].prefix, &r.prefix, sizeof(r.prefix)))
			return line_err(c, "prefix '%s' already has a rule on line %u", tok[2],
					pol->prefix[i].line);
	v = realloc(pol->prefix, (pol->n_prefix + 1) * sizeof(r));
	if (!v)
		return -ENOMEM;
	pol->prefix = v;
	pol->prefix[pol->n_prefix++] = r;
	return 0;
}

int pmipd_policy_parse(FILE *f, const char *name, struct pmipd_config *cfg,
		       char *err, size_t errlen)
{
	struct ctx c = { .name = name, .err = err, .errlen = errlen };
	struct policy pol = { 0 };
	char *tok[CONFIG_TOKENS_MAX];
	size_t cap = 0;
	char *buf = NULL;
	ssize_t len;
	int rc = 0, n;

	errno = 0;
	while (!rc && (len = getline(&buf, &cap, f)) >= 0) {
		c.line++;
		if (len > CONFIG_LINE_MAX) {
			rc = line_err(&c, "line longer than %d bytes", CONFIG_LINE_MAX);
			break;
		}
		if (memchr(buf, '\0', (size_t)len)) {
			rc = line_err(&c, "NUL byte in line");
			break;
		}
		n = tokenize(buf, tok, CONFIG_TOKENS_MAX);
		if (n > CONFIG_TOKENS_MAX)
			rc = line_err(&c, "more than %d words on a line", CONFIG_TOKENS_MAX);
		else if (n && !strcmp(tok[0], "flow"))
			rc = policy_flow(&c, cfg, tok, n, &pol);
		else if (n && !strcmp(tok[0], "prefix"))
			rc = policy_prefix(&c, cfg, tok, n, &pol);
		else if (n)
			rc = line_err(&c, "unknown rule '%s' (expected flow or prefix)", tok[0]);
	}
	if (!rc && ferror(f)) {
		rc = errno ? -errno : -EIO;
		snprintf(err, errlen, "%s: read error: %s", name, strerror(-rc));
	}
	if (rc == -ENOMEM)
		snprintf(err, errlen, "%s:%u: out of memory", name, c.line);
	free(buf);
	if (rc) {
		free(pol.flow);
		free(pol.prefix);
		return rc;
	}
	free(cfg->flow_rule);
	free(cfg->prefix_rule);
	cfg->flow_rule = pol.flow;
	cfg->n_flow_rule = pol.n_flow;
	cfg->prefix_rule = pol.prefix;
	cfg->n_prefix_rule = pol.n_prefix;
	return 0;
}
