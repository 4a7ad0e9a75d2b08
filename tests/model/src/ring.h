/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ring arithmetic of GDMA queues (spec §3.5.4, §3.5.5), kept free of device
 * state so the unit tests can check it directly.
 *
 * EQ/CQ: the k-th entry the device produces (k = 0, 1, ...) goes to slot
 * k mod n with owner ((k / n) + 1) & 7. The driver's consumer starts at n and
 * its doorbell carries head mod 8n.
 *
 * SQ/RQ: doorbells carry a free-running u32 byte producer; a WQE is
 * 8 + inline OOB + 16 per SGE bytes rounded up to 32.
 */
#ifndef MANA_MODEL_RING_H
#define MANA_MODEL_RING_H

#include <stdint.h>

/* owner value of the k-th produced entry of an n-entry ring */
static inline uint8_t ring_owner(uint64_t k, uint32_t n)
{
	return (uint8_t)(((k / n) + 1) & 7);
}

/* slot of the k-th produced entry */
static inline uint32_t ring_slot(uint64_t k, uint32_t n)
{
	return (uint32_t)(k % n);
}

/*
 * Entries produced but not consumed, given the last EQ/CQ doorbell tail
 * (driver head mod 8n; the head starts at n).
 */
static inline uint32_t ring_unread(uint64_t produced, uint32_t db_tail, uint32_t n)
{
	uint32_t wrap = 8 * n;
	uint32_t prod = (uint32_t)((n + produced) % wrap);

	return (prod + wrap - (db_tail % wrap)) % wrap;
}

/* WQE size in bytes for num_sge SGEs and an inline OOB of oob bytes */
static inline uint32_t wqe_size(uint32_t num_sge, uint32_t oob)
{
	return (8 + oob + 16 * num_sge + 31) & ~31u;
}

/* bytes posted but not consumed; free-running u32 counters */
static inline uint32_t wq_avail(uint32_t producer, uint32_t consumer)
{
	return producer - consumer;
}

#endif
