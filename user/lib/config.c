// SPDX-License-Identifier: GPL-2.0-only
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "names.h"

#define CONFIG_LINE_MAX 1024
#define CONFIG_TOKENS_MAX 4

struct seen {
	unsigned int role, local;	/* line of first occurrence, 0 = not yet */
};

static int line_err(char *err, size_t errlen, const char *name, unsigned int line,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int line_err(char *err, size_t errlen, const char *name, unsigned int line,
		    const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (err && errlen)
		snprintf(err, errlen, "%s:%u: %s", name, line, what);
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

static int parse_line(char *buf, const char *name, unsigned int line,
		      struct pmipd_config *cfg, struct seen *seen, char *err, size_t errlen)
{
	char *tok[CONFIG_TOKENS_MAX];
	int n = tokenize(buf, tok, CONFIG_TOKENS_MAX);

	if (n == 0)
		return 0;
	if (n > 2)
		return line_err(err, errlen, name, line, "unexpected '%s' after the value of '%s'",
				tok[2], tok[0]);

	if (!strcmp(tok[0], "role")) {
		if (n < 2)
			return line_err(err, errlen, name, line, "'role' needs a value (lma or mag)");
		if (seen->role)
			return line_err(err, errlen, name, line, "duplicate 'role' (first on line %u)",
					seen->role);
		if (pmip6_role_parse(tok[1], &cfg->role))
			return line_err(err, errlen, name, line,
					"invalid role '%s' (expected lma or mag)", tok[1]);
		cfg->has_role = true;
		seen->role = line;
		return 0;
	}
	if (!strcmp(tok[0], "local")) {
		if (n < 2)
			return line_err(err, errlen, name, line, "'local' needs an IPv6 address");
		if (seen->local)
			return line_err(err, errlen, name, line, "duplicate 'local' (first on line %u)",
					seen->local);
		if (inet_pton(AF_INET6, tok[1], &cfg->local_addr) != 1)
			return line_err(err, errlen, name, line,
					"invalid local address '%s' (expected an IPv6 address)",
					tok[1]);
		cfg->has_local_addr = true;
		seen->local = line;
		return 0;
	}
	return line_err(err, errlen, name, line, "unknown setting '%s' (expected role or local)",
			tok[0]);
}

int pmipd_config_parse(FILE *f, const char *name, struct pmipd_config *cfg,
		       char *err, size_t errlen)
{
	struct seen seen = { 0 };
	unsigned int line = 0;
	size_t cap = 0;
	char *buf = NULL;
	ssize_t n;
	int rc = 0;

	memset(cfg, 0, sizeof(*cfg));
	errno = 0;
	while ((n = getline(&buf, &cap, f)) >= 0) {
		line++;
		if (n > CONFIG_LINE_MAX) {
			rc = line_err(err, errlen, name, line, "line longer than %d bytes",
				      CONFIG_LINE_MAX);
			break;
		}
		if (memchr(buf, '\0', (size_t)n)) {
			rc = line_err(err, errlen, name, line, "NUL byte in line");
			break;
		}
		rc = parse_line(buf, name, line, cfg, &seen, err, errlen);
		if (rc)
			break;
	}
	if (!rc && ferror(f)) {
		rc = errno ? -errno : -EIO;
		if (err && errlen)
			snprintf(err, errlen, "%s: read error: %s", name, strerror(-rc));
	}
	free(buf);
	return rc;
}
