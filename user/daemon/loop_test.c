// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit test of pmipd's timer heap (TAP): random arms, re-arms and cancels
 * against a plain list, checking that timers fire in deadline order,
 * exactly once, and never after being cancelled; the per-round budget of
 * pmipd_timers_run(), a timer that re-arms itself already due, and the
 * token bucket.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "loop.h"

#define N 500

static int n, failed;
static int fired[N];
static uint64_t fired_at[N], last_fire;
static struct pmipd_timer timers[N];
static uint64_t expect_when[N];
static int armed[N];
static int order_ok = 1;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

static void fire(struct pmipd_timer *t)
{
	int i = (int)(t - timers);

	fired[i]++;
	fired_at[i] = t->when_ms;
	if (t->when_ms < last_fire)
		order_ok = 0;
	last_fire = t->when_ms;
	armed[i] = 0;
}

static struct pmipd_timers *again_ts;
static int again_runs, budget_runs;

static void count(struct pmipd_timer *t)
{
	(void)t;
	budget_runs++;
}

/* A callback that re-arms its timer at once, already due. */
static void again(struct pmipd_timer *t)
{
	again_runs++;
	pmipd_timer_arm(again_ts, t, t->when_ms);
}

static void test_budget(void)
{
	struct pmipd_timers ts = { 0 };
	struct pmipd_timer t[10], self;
	size_t ran;
	int bad = 0;

	for (int i = 0; i < 10; i++) {
		pmipd_timer_init(&t[i], count);
		bad += pmipd_timer_arm(&ts, &t[i], 100 + (uint64_t)i) != 0;
	}
	ran = pmipd_timers_run(&ts, 1000, 4);
	ok(!bad && ran == 4 && ts.n == 6, "a round runs at most its budget of due timers");
	ok(pmipd_timers_timeout(&ts, 1000) == 0, "the rest stay due: the next poll does not wait");
	ok(!pmipd_timer_armed(&t[3]) && pmipd_timer_armed(&t[4]), "the earliest ran first");
	ran = pmipd_timers_run(&ts, 1000, 100);
	ok(ran == 6 && ts.n == 0 && budget_runs == 10, "the next round runs the rest");

	/* Without a budget this would never return. */
	again_ts = &ts;
	pmipd_timer_init(&self, again);
	pmipd_timer_arm(&ts, &self, 5);
	ran = pmipd_timers_run(&ts, 10, 8);
	ok(ran == 8 && again_runs == 8 && pmipd_timer_armed(&self),
	   "a timer that re-arms itself due runs once per budget unit, and returns");
	pmipd_timers_free(&ts);
}

static void test_ratelimit(void)
{
	struct pmipd_ratelimit rl = { 0 };
	int taken = 0;

	/* Starts full: a burst of 10 at t=0, then nothing. */
	for (int i = 0; i < 50; i++)
		taken += pmipd_ratelimit_take(&rl, 1000, 10, 100);
	ok(taken == 10, "a full bucket allows its burst, then refuses");
	ok(!pmipd_ratelimit_take(&rl, 1099, 10, 100), "no token before the interval");
	ok(pmipd_ratelimit_take(&rl, 1100, 10, 100), "one token per interval");
	ok(!pmipd_ratelimit_take(&rl, 1150, 10, 100), "and only one");
	/* 1 s later: 10 intervals, the bucket is full again, never fuller. */
	taken = 0;
	for (int i = 0; i < 50; i++)
		taken += pmipd_ratelimit_take(&rl, 60000, 10, 100);
	ok(taken == 10, "a long pause refills to the burst, not beyond");
	/* A steady stream: 100 attempts every 10 ms over 1 s pass 10 + 10. */
	rl = (struct pmipd_ratelimit){ 0 };
	taken = 0;
	for (uint64_t t = 0; t < 1000; t += 10)
		taken += pmipd_ratelimit_take(&rl, 5000 + t, 10, 100);
	ok(taken == 19 || taken == 20, "a flood passes the burst plus one per interval");
}

int main(void)
{
	struct pmipd_timers ts = { 0 };
	int bad = 0;

	srandom(42);
	for (int i = 0; i < N; i++)
		pmipd_timer_init(&timers[i], fire);
	/* Arm, re-arm and cancel at random. */
	for (int step = 0; step < 20000; step++) {
		int i = (int)(random() % N);

		if (random() % 4 == 0) {
			pmipd_timer_cancel(&ts, &timers[i]);
			armed[i] = 0;
		} else {
			expect_when[i] = 1000 + (uint64_t)(random() % 100000);
			if (pmipd_timer_arm(&ts, &timers[i], expect_when[i]))
				bad++;
			armed[i] = 1;
		}
	}
	ok(!bad, "arming never fails");
	for (int i = 0; i < N; i++)
		bad += pmipd_timer_armed(&timers[i]) != armed[i];
	ok(!bad, "armed() agrees with what was armed and cancelled");
	ok(pmipd_timers_timeout(&ts, 0) >= 1000 || ts.n == 0, "timeout until the earliest");

	/* Run half the time, then the rest. */
	pmipd_timers_run(&ts, 50000, SIZE_MAX);
	bad = 0;
	for (int i = 0; i < N; i++)
		if (armed[i] && expect_when[i] < 50000)
			bad++;	/* due but not fired */
		else if (fired[i] && fired_at[i] >= 50000)
			bad++;	/* fired too early */
	ok(!bad, "everything due by 50000 fired, nothing later");
	pmipd_timers_run(&ts, 200000, SIZE_MAX);
	bad = 0;
	for (int i = 0; i < N; i++)
		if (armed[i] || fired[i] > 1 || pmipd_timer_armed(&timers[i]))
			bad++;
	ok(!bad, "then everything fired, each once");
	ok(order_ok, "in deadline order");
	ok(pmipd_timers_timeout(&ts, 0) == -1 && ts.n == 0, "the heap is empty");
	pmipd_timers_free(&ts);
	test_budget();
	test_ratelimit();
	printf("1..%d\n", n);
	return failed != 0;
}
