#ifndef PRISMA_LIMITS_H
#define PRISMA_LIMITS_H

#include "core/config.h"

#include <stdint.h>

/*
 * The submission rate limit of one terminal ([limits] in terminal.ini): at
 * least min_interval seconds between two submissions and at most per_hour
 * submissions within any hour (0: no hourly limit, for benchmarks), so one
 * person cannot flood the spool. Kept in
 * memory: it guards the running kiosk, which is the only way in.
 */
struct limits {
	int min_interval;
	int per_hour;
	uint64_t recent[CONFIG_MAX_PER_HOUR]; /* times of the last submissions, oldest first */
	int count;
};

/* Starts an empty window with the configured limits. Cannot fail. */
void limits_init(struct limits *limits, int min_interval, int per_hour);

/*
 * Seconds to wait at NOW before the next submission is allowed; 0 when it is
 * allowed now. A clock that went back never locks submissions out. Cannot fail.
 */
long limits_wait(const struct limits *limits, uint64_t now);

/* Records a submission at NOW. Cannot fail. */
void limits_note(struct limits *limits, uint64_t now);

#endif
