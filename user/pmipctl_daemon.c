// SPDX-License-Identifier: GPL-2.0-only
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

int pmipctl_daemon_main(int argc, char *argv[], bool json)
{
	const char *name = getenv("PMIPD_CONTROL");
	char req[REQUEST_MAX], *reply = NULL, *nl;
	size_t len = 0, cap = 0, used;
	int fd, rc;

	if (!name || !*name)
		name = "pmipd";
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))) {
		printf("usage: %s", PMIPCTL_DAEMON_USAGE);
		return 0;
	}
	used = (size_t)snprintf(req, sizeof(req), "%s", json ? "json" : "");
	for (int i = 1; i < argc; i++) {
		if (strpbrk(argv[i], " \t\r\n") || !*argv[i]) {
			fprintf(stderr, "pmipctl: daemon: invalid argument '%s' (empty or with blanks)\n",
				argv[i]);
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
	if (write(fd, req, used) != (ssize_t)used) {
		fprintf(stderr, "pmipctl: writing to pmipd: %s\n", strerror(errno));
		close(fd);
		return 1;
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
		if (n < 0) {
			fprintf(stderr, "pmipctl: reading from pmipd: %s\n", strerror(errno));
			free(reply);
			close(fd);
			return 1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!reply) {
		fprintf(stderr, "pmipctl: pmipd closed the connection without an answer\n");
		return 1;
	}
	reply[len] = '\0';
	nl = strchr(reply, '\n');
	if (nl && !strncmp(reply, "ok\n", 3)) {
		fputs(nl + 1, stdout);
		rc = 0;
	} else {
		if (nl)
			*nl = '\0';
		fprintf(stderr, "pmipctl: pmipd: %s\n",
			!strncmp(reply, "error: ", 7) ? reply + 7 : reply);
		rc = !strncmp(reply, "error: usage:", 13) ? 2 : 1;
	}
	free(reply);
	return rc;
}
