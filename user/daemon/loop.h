/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pmipd's timers: a binary min-heap of caller-owned timers on the
 * monotonic clock. The poll() loop asks for the next deadline and runs
 * what is due. Arming an armed timer moves it; cancel is idempotent.
 */
#ifndef PMIPD_LOOP_H
#define PMIPD_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pmipd_timer;
typedef void (*pmipd_timer_fn)(struct pmipd_timer *t);

struct pmipd_timer {
	uint64_t when_ms;
	size_t heap_pos;		/* 1-based; 0 = not armed */
	pmipd_timer_fn fn;
};

struct pmipd_timers {
	struct pmipd_timer **heap;
	size_t n, cap;
};

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t pmipd_now_ms(void);

static inline void pmipd_timer_init(struct pmipd_timer *t, pmipd_timer_fn fn)
{
	t->when_ms = 0;
	t->heap_pos = 0;
	t->fn = fn;
}

static inline bool pmipd_timer_armed(const struct pmipd_timer *t)
{
	return t->heap_pos != 0;
}

/* 0, or -ENOMEM (the timer is then left unarmed). */
int pmipd_timer_arm(struct pmipd_timers *ts, struct pmipd_timer *t, uint64_t when_ms);
void pmipd_timer_cancel(struct pmipd_timers *ts, struct pmipd_timer *t);
/* poll() timeout until the earliest deadline: -1 none, 0 already due. */
int pmipd_timers_timeout(const struct pmipd_timers *ts, uint64_t now_ms);
/*
 * Run (and disarm first) the timers due at now_ms, earliest first, at
 * most max of them: the poll loop's per-round budget, so that many
 * deadlines at once (or a callback that re-arms itself already due) do
 * not hold up the sockets. The rest stay due: the next timeout is 0.
 * Returns how many ran.
 */
size_t pmipd_timers_run(struct pmipd_timers *ts, uint64_t now_ms, size_t max);
void pmipd_timers_free(struct pmipd_timers *ts);

/*
 * A token bucket: at most burst events at once, then one per interval_ms
 * (RFC 4443 2.4 (f) recommends it for ICMPv6 errors; RFC 6275 9.3.3 has
 * Binding Errors limited the same way). Zero-initialized, it starts full.
 */
struct pmipd_ratelimit {
	uint64_t refill_ms;		/* when tokens were last counted */
	unsigned int tokens;
	bool started;
};

/* Take a token at now_ms: true if the event may happen now. */
bool pmipd_ratelimit_take(struct pmipd_ratelimit *rl, uint64_t now_ms,
			  unsigned int burst, unsigned int interval_ms);

#endif /* PMIPD_LOOP_H */
