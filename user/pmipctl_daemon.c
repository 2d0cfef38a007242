// SPDX-License-Identifier: GPL-2.0-only
/*
 * pmipctl daemon: a client of pmipd's control socket (daemon/ctl.c has
 * the protocol).
 *
 * It trusts the answer no more than it must: the socket is an abstract
 * name that any local user can bind while pmipd is down, so the server's
 * credentials must be root's before anything is sent (SO_PEERCRED); and
 * what comes back (words of the request echoed in an error, names from
 * pmipd's configuration) is printed with control characters escaped, so
 * that it cannot drive the operator's terminal.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "pmipctl_daemon.h"

#define REQUEST_MAX 1024

static int connect_ctl(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(name);
	int fd;

	if (n + 1 > sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path + 1, name, n);	/* abstract, as pmipd binds it */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/*
 * pmipd runs as root; whoever listens on the name now must too. The
 * credentials are the listener's, taken by the kernel at listen() time:
 * the server cannot choose them. Returns 0, or 1 after saying what is
 * wrong.
 */
static int check_server(int fd, const char *name)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		fprintf(stderr, "pmipctl: cannot tell who serves control socket @%s (%s): not sending to it\n",
			name, strerror(errno));
		return 1;
	}
	if (cred.uid != 0) {
		fprintf(stderr, "pmipctl: refusing control socket @%s: its server runs as uid %u (pid %d), not root, so it is not pmipd (another user may have taken the name while pmipd was not running); nothing was sent\n",
			name, (unsigned int)cred.uid, (int)cred.pid);
		return 1;
	}
	return 0;
}

/*
 * The length of the UTF-8 sequence at p (n bytes left) when it is a
 * well-formed one for a character a terminal prints (not a C1 control,
 * U+0080..U+009F, which some terminals obey); 0 otherwise.
 */
static size_t utf8_printable(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned int cp;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1fu;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0fu;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07u;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if ((len == 2 && cp < 0xa0) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Text as the daemon sent it, but every byte that is not printable
 * ASCII, a newline, a tab or part of a printable UTF-8 character is
 * printed as \xNN, and so is a backslash (so that an escape is never
 * ambiguous), as pmipctl prints an MN-ID. Plain output is unchanged.
 */
static void put_text(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t u = p[i] >= 0x80 ? utf8_printable(p + i, n - i) : 0;

		if (u) {
			fwrite(p + i, 1, u, f);
			i += u;
			continue;
		}
		if ((p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') || p[i] == '\n' || p[i] == '\t')
			fputc(p[i], f);
		else
			fprintf(f, "\\x%02x", p[i]);
		i++;
	}
}

/*
 * JSON (-j): a valid document passes byte for byte. A control byte, or
 * one that is not part of a printable UTF-8 character, becomes \u00NN:
 * inside a string that keeps the document valid (JSON forbids raw
 * control characters there); outside one the document was not valid
 * anyway, and the byte is shown rather than obeyed. JSON's blanks
 * (space, tab, newline, return) pass between values.
 */
static void put_json(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	bool in_string = false, escaped = false;

	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t u = c >= 0x80 ? utf8_printable(p + i, n - i) : 0;

		if (u) {
			fwrite(p + i, 1, u, f);
			i += u;
			escaped = false;
			continue;
		}
		i++;
		if (c < 0x20 || c >= 0x7f) {
			if (!in_string && (c == '\n' || c == '\t' || c == '\r'))
				fputc(c, f);
			else
				fprintf(f, "\\u%04x", c);
			escaped = false;
			continue;
		}
		fputc(c, f);
		if (escaped)
			escaped = false;
		else if (in_string && c == '\\')
			escaped = true;
		else if (c == '"')
			in_string = !in_string;
	}
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int pmipctl_daemon_main(int argc, char *argv[], bool json)
{
	const char *name = getenv("PMIPD_CONTROL");
	char req[REQUEST_MAX], *reply = NULL, *nl;
	size_t len = 0, cap = 0, used;
	int fd, rc, send_errno = 0;

	if (!name || !*name)
		name = "pmipd";
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))) {
		printf("usage: %s", PMIPCTL_DAEMON_USAGE);
		return 0;
	}
	used = (size_t)snprintf(req, sizeof(req), "%s", json ? "json" : "");
	for (int i = 1; i < argc; i++) {
		if (strpbrk(argv[i], " \t\r\n") || !*argv[i]) {
			fprintf(stderr, "pmipctl: daemon: invalid argument '");
			put_text(stderr, argv[i], strlen(argv[i]));
			fprintf(stderr, "' (empty or with blanks)\n");
			return 2;
		}
		used += (size_t)snprintf(req + used, used < sizeof(req) ? sizeof(req) - used : 0,
					 "%s%s", used ? " " : "", argv[i]);
		if (used >= sizeof(req) - 1) {
			fprintf(stderr, "pmipctl: daemon: request longer than %d bytes\n",
				REQUEST_MAX - 2);
			return 2;
		}
	}
	req[used++] = '\n';

	fd = connect_ctl(name);
	if (fd < 0) {
		fprintf(stderr, "pmipctl: cannot reach pmipd on control socket @%s: %s (is pmipd running in this network namespace?)\n",
			name, strerror(errno));
		return 1;
	}
	if (check_server(fd, name)) {
		close(fd);
		return 1;
	}
	/*
	 * A server that closed at once (pmipd refusing a user that is not
	 * root) may have said why before: its answer is read all the same.
	 */
	if (send_all(fd, req, used) < 0) {
		send_errno = errno;
		if (send_errno != EPIPE && send_errno != ECONNRESET) {
			fprintf(stderr, "pmipctl: writing to pmipd: %s\n", strerror(send_errno));
			close(fd);
			return 1;
		}
	}
	shutdown(fd, SHUT_WR);
	for (;;) {
		ssize_t n;

		if (len + 4096 > cap) {
			char *b = realloc(reply, cap ? cap * 2 : 65536);

			if (!b) {
				fprintf(stderr, "pmipctl: out of memory\n");
				free(reply);
				close(fd);
				return 1;
			}
			reply = b;
			cap = cap ? cap * 2 : 65536;
		}
		n = read(fd, reply + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		/*
		 * A server that closed without reading all of the request
		 * (pmipd refusing a user that is not root) resets the
		 * connection once its answer has been read: that is its end.
		 */
		if (n < 0 && errno == ECONNRESET && len)
			break;
		if (n < 0) {
			fprintf(stderr, "pmipctl: %s pmipd: %s\n",
				send_errno ? "writing to" : "reading from",
				strerror(send_errno ? send_errno : errno));
			free(reply);
			close(fd);
			return 1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!len) {
		if (send_errno)
			fprintf(stderr, "pmipctl: writing to pmipd: %s\n", strerror(send_errno));
		else
			fprintf(stderr, "pmipctl: pmipd closed the connection without an answer\n");
		free(reply);
		return 1;
	}
	reply[len] = '\0';
	nl = memchr(reply, '\n', len);
	if (nl && !strncmp(reply, "ok\n", 3)) {
		if (json)
			put_json(stdout, nl + 1, len - (size_t)(nl + 1 - reply));
		else
			put_text(stdout, nl + 1, len - (size_t)(nl + 1 - reply));
		rc = 0;
	} else {
		const char *text = !strncmp(reply, "error: ", 7) ? reply + 7 : reply;
		size_t tlen = (nl ? (size_t)(nl - reply) : len) - (size_t)(text - reply);

		fprintf(stderr, "pmipctl: pmipd: ");
		put_text(stderr, text, tlen);
		fputc('\n', stderr);
		rc = !strncmp(reply, "error: usage:", 13) ? 2 : 1;
	}
	free(reply);
	return rc;
}
