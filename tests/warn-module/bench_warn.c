// SPDX-License-Identifier: GPL-2.0
/*
 * A module that misbehaves on purpose when loaded, so that the bench's own
 * tests can show that a guest whose kernel warns or oopses fails the run
 * even when every test passed. mode=warn: WARN(); mode=oops: NULL store.
 */
#include <linux/module.h>
#include <linux/bug.h>

static char *mode = "warn";
module_param(mode, charp, 0444);

static int __init bench_warn_init(void)
{
	if (!strcmp(mode, "oops"))
		*(volatile int *)NULL = 1;
	else
		WARN(1, "bench_warn: warning on purpose\n");
	return 0;
}
module_init(bench_warn_init);

MODULE_DESCRIPTION("Misbehaves on purpose, for the bench's own tests");
MODULE_LICENSE("GPL");
