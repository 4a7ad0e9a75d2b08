// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD helper for the DPDK test: testpmd's stdout is a file in the guest,
 * so its printf output would be block-buffered while the command prompt is
 * written at once; make stdout unbuffered so that each command's output is in
 * the log when the next prompt appears.
 */
#include <stdio.h>

__attribute__((constructor)) static void unbuf_stdout(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
}
