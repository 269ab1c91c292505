/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the bench's benchmark programs (hmm-bench, hmm-bench-6.12) share:
 * quantiles of samples, an ioctl retried on EINTR, the memory available.
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Quantile q of n sorted samples, interpolated. */
static inline double quantile(const double *v, unsigned int n, double q)
{
	double pos = q * (n - 1);
	unsigned int i = pos;

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

struct stats {
	double median, q1, q3, min, max;
};

static inline struct stats summarize(double *v, unsigned int n)
{
	struct stats s;

	qsort(v, n, sizeof(*v), cmp_double);
	s.median = quantile(v, n, 0.5);
	s.q1 = quantile(v, n, 0.25);
	s.q3 = quantile(v, n, 0.75);
	s.min = v[0];
	s.max = v[n - 1];
	return s;
}

static inline int ioctl_retry(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret && errno == EINTR);
	return ret ? -errno : 0;
}

/* MemAvailable in MB, or 0 if unknown. */
static inline unsigned long mem_available_mb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned long kb = 0;
	char line[128];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return kb >> 10;
}

#endif
