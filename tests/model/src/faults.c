// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection switches, set over the control socket:
 *
 *   fault hwc_timeout [N] [OP]     drop the next N HWC requests (of opcode OP)
 *   fault opcode OP [STATUS] [N]   answer the next N requests OP with STATUS
 *   fault corrupt_cqe [N] [CQ|data] next N CQEs (of CQ id CQ, or of data CQs) get an
 *                                  invalid owner value
 *   fault corrupt_eqe [N]          next N EQEs get an invalid owner value
 *   fault irq_lost [N] [VEC]       next N MSI-X interrupts (on vector VEC) are not sent
 *   fault irq_delay MS [N]         next N interrupts are sent MS ms late
 *   fault bad_coalesced_cqe [N]    next N coalesced RX CQEs are malformed
 *   fault tx_stall                 SQs are no longer served: nothing is sent or completed
 *                                  (a hung send engine) until "fault clear"
 *   fault hwc_silent               the HWC answers nothing until the driver destroys it
 *                                  (SMC DESTROY_HWC) or establishes a new one: a device
 *                                  in a reset cycle, as mainline's mana_serv_reset()
 *                                  assumes after a reset request (hwc_timeout = 0)
 *   fault hwc_lost_event [N]       next N HWC responses complete without their EQE
 *                                  (the CQ stays disarmed, as after a lost event)
 *   fault tx_lost_event [N]        the events of the next N send completions (data CQs)
 *                                  are lost: the CQ counts as notified
 *   fault hwc_dup [N]              next N HWC responses are completed twice (a duplicate
 *                                  receive completion for a buffer already returned)
 *   fault hwc_unsolicited          now: a response nobody asked for goes into the next
 *                                  posted HWC receive buffer, with its completion
 *   fault eq_overflow [N]          next N EQEs are written with the owner value of the
 *                                  following lap: to the driver the device lapped the EQ
 *   fault clear                    all switches off
 *
 * N defaults to 1; N = 0 means "until cleared".
 */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"

bool fault_take(int *counter)
{
	if (*counter > 0) {
		(*counter)--;
		return true;
	}
	return *counter < 0;
}

bool fault_opcode_status(u32 opcode, u32 *status)
{
	if (!M.fault.err_opcode || M.fault.err_opcode != opcode)
		return false;
	if (!fault_take(&M.fault.err_count)) {
		M.fault.err_opcode = 0;
		return false;
	}
	*status = M.fault.err_status;
	return true;
}

static bool parse_u32(const char *s, u32 *v)
{
	char *end;
	unsigned long x;

	if (!s || !*s)
		return false;
	x = strtoul(s, &end, 0);
	if (*end || x > 0xffffffffUL)
		return false;
	*v = (u32)x;
	return true;
}

/* "N" -> counter value: default 1, 0 -> forever (-1) */
static bool parse_count(const char *s, int *out)
{
	u32 n = 1;

	if (s && !parse_u32(s, &n))
		return false;
	if (n > 1000000)
		return false;
	*out = n ? (int)n : -1;
	return true;
}

int fault_command(char *args, char *reply, size_t rlen)
{
	char *name = strtok(args, " \t"), *a1 = strtok(NULL, " \t"),
	     *a2 = strtok(NULL, " \t"), *a3 = strtok(NULL, " \t");
	struct fault_state *f = &M.fault;
	u32 v;

	if (!name) {
		snprintf(reply, rlen, "error: fault needs a name");
		return -1;
	}
	if (!strcmp(name, "clear")) {
		bool removed = f->removed, stalled = f->tx_stall;
		u32 i;

		memset(f, 0, sizeof(*f));
		f->removed = removed;	/* a removed device stays removed */
		/* a send engine that resumes serves what was posted meanwhile */
		for (i = 0; stalled && i < MODEL_MAX_WQ; i++) {
			if (M.wqs[i].used && M.wqs[i].type == Q_SQ && M.wqs[i].vport >= 0) {
				M.wqs[i].db_pending = true;
				M.work_pending = true;
			}
		}
	} else if (!strcmp(name, "hwc_silent")) {
		f->hwc_silent = true;
	} else if (!strcmp(name, "hwc_timeout")) {
		if (!parse_count(a1, &f->hwc_drop))
			goto bad;
		f->hwc_drop_opcode = 0;
		if (a2 && !parse_u32(a2, &f->hwc_drop_opcode))
			goto bad;
	} else if (!strcmp(name, "opcode")) {
		if (!parse_u32(a1, &f->err_opcode) || !f->err_opcode)
			goto bad;
		f->err_status = STATUS_BAD_REQUEST;
		if (a2 && !parse_u32(a2, &f->err_status))
			goto bad;
		if (!parse_count(a3, &f->err_count))
			goto bad;
	} else if (!strcmp(name, "corrupt_cqe")) {
		if (!parse_count(a1, &f->corrupt_cqe))
			goto bad;
		f->corrupt_cqe_cq = -1;
		if (a2 && !strcmp(a2, "data"))
			f->corrupt_cqe_cq = -2;
		else if (a2 && (!parse_u32(a2, &v) || v > 0xffffff))
			goto bad;
		else if (a2)
			f->corrupt_cqe_cq = (int)v;
	} else if (!strcmp(name, "corrupt_eqe")) {
		if (!parse_count(a1, &f->corrupt_eqe))
			goto bad;
	} else if (!strcmp(name, "bad_coalesced_cqe")) {
		if (!parse_count(a1, &f->bad_coal_cqe))
			goto bad;
	} else if (!strcmp(name, "tx_lost_event")) {
		if (!parse_count(a1, &f->tx_lost_event))
			goto bad;
	} else if (!strcmp(name, "hwc_lost_event")) {
		if (!parse_count(a1, &f->hwc_lost_event))
			goto bad;
	} else if (!strcmp(name, "hwc_dup")) {
		if (!parse_count(a1, &f->hwc_dup))
			goto bad;
	} else if (!strcmp(name, "hwc_unsolicited")) {
		if (hwc_unsolicited_response()) {
			snprintf(reply, rlen, "error: no HWC, or a response already waits for a buffer");
			return -1;
		}
	} else if (!strcmp(name, "eq_overflow")) {
		if (!parse_count(a1, &f->eq_overflow))
			goto bad;
	} else if (!strcmp(name, "tx_stall")) {
		f->tx_stall = true;
	} else if (!strcmp(name, "irq_lost")) {
		if (!parse_count(a1, &f->irq_lost))
			goto bad;
		f->irq_lost_vec = -1;
		if (a2 && (!parse_u32(a2, &v) || v >= MODEL_NUM_VECTORS))
			goto bad;
		if (a2)
			f->irq_lost_vec = (int)v;
	} else if (!strcmp(name, "irq_delay")) {
		if (!parse_u32(a1, &v) || !v || v > 600000 ||
		    !parse_count(a2, &f->irq_delay_count))
			goto bad;
		f->irq_delay_ms = v;
	} else {
		snprintf(reply, rlen, "error: unknown fault '%s'", name);
		return -1;
	}
	LOG("control: fault %s set\n", name);
	snprintf(reply, rlen, "ok");
	return 0;
bad:
	snprintf(reply, rlen, "error: bad arguments for fault %s", name);
	return -1;
}
