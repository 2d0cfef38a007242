// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "loop.h"

uint64_t pmipd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void place(struct pmipd_timers *ts, size_t i, struct pmipd_timer *t)
{
	ts->heap[i] = t;
	t->heap_pos = i + 1;
}

static void sift_up(struct pmipd_timers *ts, size_t i)
{
	struct pmipd_timer *t = ts->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (ts->heap[parent]->when_ms <= t->when_ms)
			break;
		place(ts, i, ts->heap[parent]);
		i = parent;
	}
	place(ts, i, t);
}

static void sift_down(struct pmipd_timers *ts, size_t i)
{
	struct pmipd_timer *t = ts->heap[i];

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, min = l;

		if (l >= ts->n)
			break;
		if (r < ts->n && ts->heap[r]->when_ms < ts->heap[l]->when_ms)
			min = r;
		if (ts->heap[min]->when_ms >= t->when_ms)
			break;
		place(ts, i, ts->heap[min]);
		i = min;
	}
	place(ts, i, t);
}

void pmipd_timer_cancel(struct pmipd_timers *ts, struct pmipd_timer *t)
{
	size_t i;

	if (!t->heap_pos)
		return;
	i = t->heap_pos - 1;
	t->heap_pos = 0;
	ts->n--;
	if (i == ts->n)
		return;
	{
		struct pmipd_timer *moved = ts->heap[ts->n];

		place(ts, i, moved);
		sift_up(ts, i);
		sift_down(ts, moved->heap_pos - 1);
	}
}

int pmipd_timer_arm(struct pmipd_timers *ts, struct pmipd_timer *t, uint64_t when_ms)
{
	pmipd_timer_cancel(ts, t);
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 64;
		struct pmipd_timer **h = realloc(ts->heap, cap * sizeof(*h));

		if (!h)
			return -ENOMEM;
		ts->heap = h;
		ts->cap = cap;
	}
	t->when_ms = when_ms;
	place(ts, ts->n++, t);
	sift_up(ts, ts->n - 1);
	return 0;
}

int pmipd_timers_timeout(const struct pmipd_timers *ts, uint64_t now_ms)
{
	uint64_t d;

	if (!ts->n)
		return -1;
	if (ts->heap[0]->when_ms <= now_ms)
		return 0;
	d = ts->heap[0]->when_ms - now_ms;
	return d > INT_MAX ? INT_MAX : (int)d;
}

size_t pmipd_timers_run(struct pmipd_timers *ts, uint64_t now_ms, size_t max)
{
	size_t ran = 0;

	while (ran < max && ts->n && ts->heap[0]->when_ms <= now_ms) {
		struct pmipd_timer *t = ts->heap[0];

		pmipd_timer_cancel(ts, t);
		t->fn(t);
		ran++;
	}
	return ran;
}

void pmipd_timers_free(struct pmipd_timers *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		ts->heap[i]->heap_pos = 0;
	free(ts->heap);
	ts->heap = NULL;
	ts->n = ts->cap = 0;
}

bool pmipd_ratelimit_take(struct pmipd_ratelimit *rl, uint64_t now_ms,
			  unsigned int burst, unsigned int interval_ms)
{
	if (!rl->started) {
		rl->started = true;
		rl->tokens = burst;
		rl->refill_ms = now_ms;
	}
	if (now_ms > rl->refill_ms && interval_ms) {
		uint64_t add = (now_ms - rl->refill_ms) / interval_ms;

		if (add >= burst - rl->tokens) {
			/* Full: time spent full earns nothing. */
			rl->tokens = burst;
			rl->refill_ms = now_ms;
		} else {
			rl->tokens += (unsigned int)add;
			rl->refill_ms += add * interval_ms;
		}
	}
	if (!rl->tokens)
		return false;
	rl->tokens--;
	return true;
}
