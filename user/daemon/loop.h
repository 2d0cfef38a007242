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
/* Run (and disarm first) every timer due at now_ms. */
void pmipd_timers_run(struct pmipd_timers *ts, uint64_t now_ms);
void pmipd_timers_free(struct pmipd_timers *ts);

#endif /* PMIPD_LOOP_H */
