// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit test of pmipd's timer heap (TAP): random arms, re-arms and cancels
 * against a plain list, checking that timers fire in deadline order,
 * exactly once, and never after being cancelled.
 */
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
	pmipd_timers_run(&ts, 50000);
	bad = 0;
	for (int i = 0; i < N; i++)
		if (armed[i] && expect_when[i] < 50000)
			bad++;	/* due but not fired */
		else if (fired[i] && fired_at[i] >= 50000)
			bad++;	/* fired too early */
	ok(!bad, "everything due by 50000 fired, nothing later");
	pmipd_timers_run(&ts, 200000);
	bad = 0;
	for (int i = 0; i < N; i++)
		if (armed[i] || fired[i] > 1 || pmipd_timer_armed(&timers[i]))
			bad++;
	ok(!bad, "then everything fired, each once");
	ok(order_ok, "in deadline order");
	ok(pmipd_timers_timeout(&ts, 0) == -1 && ts.n == 0, "the heap is empty");
	pmipd_timers_free(&ts);
	printf("1..%d\n", n);
	return failed != 0;
}
