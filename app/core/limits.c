#include "core/limits.h"

#include <string.h>

#define LIMITS_HOUR 3600

void limits_init(struct limits *limits, int min_interval, int per_hour)
{
	memset(limits, 0, sizeof(*limits));
	limits->min_interval = min_interval;
	/* 0: no hourly limit (benchmarks); the window still keeps the last submission. */
	limits->per_hour = per_hour > CONFIG_MAX_PER_HOUR ? CONFIG_MAX_PER_HOUR : per_hour;
}

long limits_wait(const struct limits *limits, uint64_t now)
{
	uint64_t last, oldest, until = 0;

	if (limits->count == 0)
		return 0;
	last = limits->recent[limits->count - 1];
	if (now < last)
		return 0;
	until = last + (uint64_t)limits->min_interval;
	if (limits->per_hour > 0 && limits->count >= limits->per_hour) {
		oldest = limits->recent[limits->count - limits->per_hour];
		if (oldest + LIMITS_HOUR > until)
			until = oldest + LIMITS_HOUR;
	}
	return until > now ? (long)(until - now) : 0;
}

void limits_note(struct limits *limits, uint64_t now)
{
	if (limits->count == (limits->per_hour > 0 ? limits->per_hour : 1)) {
		memmove(limits->recent, limits->recent + 1,
			(size_t)(limits->count - 1) * sizeof(limits->recent[0]));
		limits->count--;
	}
	limits->recent[limits->count++] = now;
}
