// SPDX-License-Identifier: GPL-2.0
/*
 * hmm-bench-6.12: the 6.12 line's benchmark program (the 7.3 one is
 * hmm-bench.c), for the interfaces of the 6.12 series: the numbers about
 * HMM_PFN_COMPOUND, measured through the dmirror test device
 * (/dev/hmm_dmirror0).
 *
 *   hmm-bench-6.12 [-r N] [-s] [flag] [consumer]
 *
 * flag:     what the flag costs in hmm_range_fault(). Anonymous memory of
 *           64MB, 256MB and 1GB, populated and checked to be PMD-mapped
 *           THPs, walked by hmm_range_fault() in one call over the whole
 *           range (HMM_DMIRROR_TIME_RANGE_FAULT, timed in the kernel), and
 *           through the older snapshot path (HMM_DMIRROR_SNAPSHOT, 64 pages
 *           per call, timed here). Times are per 4K entry.
 * consumer: what a driver gains from the flag. The device reads THP memory
 *           of 64MB to 1GB (HMM_DMIRROR_READ, which faults the device page
 *           table) with one entry per 4K page and with one entry per
 *           compound page (module parameter compound_entries); the kernel
 *           counts the entries, the table's memory and the fault time
 *           (HMM_DMIRROR_PT_STATS).
 *
 * -r N scales the number of repetitions (default 1).
 * -s     smoke test: the smallest size of each table, few repetitions; the
 *        exit status is 1 if a row failed (wrong data read by the device,
 *        a walk that did not see the PMD mappings, an ioctl that failed
 *        other than by not existing).
 *
 * Output: lines starting with '#' are comments. Every other line is a row
 * of whitespace-separated fixed columns, named by the '# columns:' line
 * before it; its first two columns (table, path or mode) and the size key
 * it. A kernel without an interface gets a row with status skip:REASON and
 * '-' in the columns it cannot fill, so that rows of two kernels can be
 * put side by side by key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <lib/test_hmm_uapi.h>
#include "bench-stats.h"

/*
 * Built against a tree without the series too (the bench's base kernel):
 * the interfaces it adds, as they are in lib/test_hmm_uapi.h. Such a kernel
 * answers them with EINVAL and the tables say so.
 */
#ifndef HMM_DMIRROR_PROT_COMPOUND
#define HMM_DMIRROR_PROT_COMPOUND 0x80
#endif
#ifndef HMM_DMIRROR_TIME_RANGE_FAULT
struct hmm_dmirror_time {
	__u64 addr, npages, repeat, entries, valid, huge, retries;
	__u64 ns_min, ns_median, ns_max, ns_total;
};

#define HMM_DMIRROR_TIME_RANGE_FAULT	_IOWR('H', 0x08, struct hmm_dmirror_time)
#endif
#ifndef HMM_DMIRROR_PT_STATS
struct hmm_dmirror_pt_stats {
	__u64 entries_small, entries_large, created_small, created_large;
	__u64 table_nodes, table_bytes, faults, fault_ranges, fault_ns;
};

#define HMM_DMIRROR_PT_STATS		_IOR('H', 0x09, struct hmm_dmirror_pt_stats)
#endif

#define SZ_2M		(2UL << 20)
#define PAGE		4096UL
#define MB		(1UL << 20)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *device = "/dev/hmm_dmirror0";
static const char *param = "/sys/module/test_hmm/parameters/compound_entries";
static unsigned int scale = 1;
static int smoke, failed;

/* Repetitions: n times the scale, or two in a smoke test. */
#define REPS(n)		(smoke ? 2 : (n) * scale)

/* Whether a row's status is a failure (rather than ok or a missing interface). */
static void count_status(const char *status)
{
	if (!strcmp(status, "ok") || !strncmp(status, "skip:no-", 8) ||
	    !strncmp(status, "warn:retries", 12))
		return;
	failed++;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int snapshot(int fd, void *addr, unsigned long npages, unsigned char *m)
{
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)addr,
		.ptr = (uintptr_t)m,
		.npages = npages,
	};
	int ret = ioctl_retry(fd, HMM_DMIRROR_SNAPSHOT, &cmd);

	if (ret)
		return ret;
	return cmd.cpages == npages ? 0 : -EIO;
}

/* Anonymous memory of size bytes, PMD-aligned, advised and written as THPs. */
struct thp {
	void *map;
	size_t map_size;
	char *ptr;
	size_t size;
	unsigned long npages;
	unsigned long pmd, compound;	/* snapshot entries with these flags */
};

static void thp_free(struct thp *t)
{
	if (t->map && t->map != MAP_FAILED)
		munmap(t->map, t->map_size);
	t->map = NULL;
}

/* Returns NULL, or why the memory could not be had as PMD-mapped THPs. */
static const char *thp_alloc(int fd, struct thp *t, size_t size)
{
	static char why[96];
	unsigned char *m;
	unsigned long i;
	int ret;

	memset(t, 0, sizeof(*t));
	t->size = size;
	t->npages = size / PAGE;
	t->map_size = size + SZ_2M;
	t->map = mmap(NULL, t->map_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (t->map == MAP_FAILED)
		return "mmap failed";
	t->ptr = (char *)(((uintptr_t)t->map + SZ_2M - 1) & ~(SZ_2M - 1));
	if (madvise(t->ptr, size, MADV_HUGEPAGE))
		return "madvise(MADV_HUGEPAGE) failed (no THP?)";
	for (i = 0; i < size; i += PAGE)
		t->ptr[i] = (char)(i / PAGE * 7 + 1);

	m = malloc(t->npages);
	if (!m)
		return "no memory for the snapshot";
	ret = snapshot(fd, t->ptr, t->npages, m);
	for (i = 0; !ret && i < t->npages; i++) {
		if (m[i] == HMM_DMIRROR_PROT_ERROR)
			continue;
		t->pmd += !!(m[i] & HMM_DMIRROR_PROT_PMD);
		t->compound += !!(m[i] & HMM_DMIRROR_PROT_COMPOUND);
	}
	free(m);
	if (ret) {
		snprintf(why, sizeof(why), "snapshot-failed:%s", strerror(-ret));
		return why;
	}
	if (t->pmd != t->npages) {
		snprintf(why, sizeof(why), "only-%lu-of-%lu-entries-PMD-mapped",
			 t->pmd, t->npages);
		return why;
	}
	return NULL;
}

/*
 * NULL if need_mb of memory can be had without the OOM killer ending the
 * program, else why not.
 */
static const char *short_of_memory(unsigned long need_mb)
{
	unsigned long avail = mem_available_mb();
	static char why[96];

	if (!avail || avail >= need_mb + 64)
		return NULL;
	snprintf(why, sizeof(why), "not-enough-memory:need-%luMB,available-%luMB",
		 need_mb, avail);
	return why;
}

static void kernel_line(void)
{
	const char *cs =
		"/sys/devices/system/clocksource/clocksource0/current_clocksource";
	char clock[64] = "unknown";
	struct utsname u;
	FILE *f;

	if (!uname(&u))
		printf("# kernel: %s %s\n", u.release, u.version);
	f = fopen(cs, "r");
	if (f) {
		if (fscanf(f, "%63s", clock) != 1)
			strcpy(clock, "unknown");
		fclose(f);
	}
	printf("# clocksource: %s\n", clock);
	/* Without ACPI the guest finds neither HPET nor a TSC frequency. */
	if (strstr(clock, "jiffies"))
		printf("# note: this clock ticks in ms, too coarse for these times;\n"
		       "#       boot with tsc_early_khz=<TSC kHz> tsc=reliable\n");
}

/* Table 1: the cost of the flag in hmm_range_fault(). */

#define WALK_IOCTLS	21
#define WALK_REPEAT	11
#define SNAP_CALLS	21

static const unsigned long flag_sizes_mb[] = { 64, 256, 1024 };

static void flag_row(const char *path, unsigned long size_mb,
		     unsigned long entries, unsigned long calls,
		     const struct stats *s, const struct thp *t,
		     const char *status)
{
	count_status(status);
	if (!s) {
		printf("%-6s %-9s %5lu %7s %5s %9s %9s %9s %9s %9s %6s %6s %s\n",
		       "flag", path, size_mb, "-", "-", "-", "-", "-", "-",
		       "-", "-", "-", status);
		return;
	}
	printf("%-6s %-9s %5lu %7lu %5lu %9.3f %9.3f %9.3f %9.3f %9.3f %6.1f %6.1f %s\n",
	       "flag", path, size_mb, entries, calls, s->median, s->q1, s->q3,
	       s->min, s->max, 100.0 * t->pmd / t->npages,
	       100.0 * t->compound / t->npages, status);
}

/*
 * One kernel-timed walk of the whole range per call; WALK_REPEAT calls per
 * ioctl give a median, the ioctls give the spread of those medians.
 * Returns 0, or -errno of the first ioctl (the kernel lacks it: EINVAL for
 * an unknown command of test_hmm, ENOTTY elsewhere).
 */
static int flag_walk(int fd, const struct thp *t, unsigned long size_mb)
{
	unsigned int n = REPS(WALK_IOCTLS), i;
	double *med = calloc(n, sizeof(*med));
	double min = 1e300, max = 0;
	char status[64] = "ok";
	struct stats s;
	int ret = 0;

	if (!med)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct hmm_dmirror_time tm = {
			.addr = (uintptr_t)t->ptr,
			.npages = t->npages,
			.repeat = WALK_REPEAT,
		};

		ret = ioctl_retry(fd, HMM_DMIRROR_TIME_RANGE_FAULT, &tm);
		if (ret)
			break;
		if (tm.valid != t->npages || tm.huge != t->npages)
			snprintf(status, sizeof(status),
				 "warn:valid=%llu,huge=%llu",
				 (unsigned long long)tm.valid,
				 (unsigned long long)tm.huge);
		if (tm.retries)
			snprintf(status, sizeof(status), "warn:retries=%llu",
				 (unsigned long long)tm.retries);
		med[i] = (double)tm.ns_median / tm.entries;
		if ((double)tm.ns_min / tm.entries < min)
			min = (double)tm.ns_min / tm.entries;
		if ((double)tm.ns_max / tm.entries > max)
			max = (double)tm.ns_max / tm.entries;
	}
	if (!ret) {
		s = summarize(med, n);
		s.min = min;
		s.max = max;
		flag_row("walk", size_mb, t->npages, n * WALK_REPEAT, &s, t,
			 status);
	}
	free(med);
	return ret;
}

/* The snapshot path over the whole range, timed here around each ioctl. */
static void flag_snapshot(int fd, const struct thp *t, unsigned long size_mb)
{
	unsigned int n = REPS(SNAP_CALLS), i;
	unsigned char *m = malloc(t->npages);
	double *v = calloc(n, sizeof(*v));
	struct stats s;
	int ret = 0;

	if (!m || !v) {
		flag_row("snapshot", size_mb, 0, 0, NULL, t, "skip:out-of-memory");
		goto out;
	}
	snapshot(fd, t->ptr, t->npages, m);		/* warm up */
	for (i = 0; i < n && !ret; i++) {
		uint64_t t0 = now_ns();

		ret = snapshot(fd, t->ptr, t->npages, m);
		v[i] = (double)(now_ns() - t0) / t->npages;
	}
	if (ret) {
		flag_row("snapshot", size_mb, 0, 0, NULL, t, "skip:snapshot-failed");
		goto out;
	}
	s = summarize(v, n);
	flag_row("snapshot", size_mb, t->npages, n, &s, t, "ok");
out:
	free(v);
	free(m);
}

static void table_flag(int fd)
{
	int have_walk = 1;
	unsigned int i;

	printf("# hmm-bench flag: hmm_range_fault() over PMD-mapped anonymous THPs, ns per 4K entry\n");
	kernel_line();
	printf("# walk: HMM_DMIRROR_TIME_RANGE_FAULT, one call over the whole range, kernel-timed;\n");
	printf("#       median and q1/q3 of %u per-ioctl medians of %u calls, min/max of all calls\n",
	       REPS(WALK_IOCTLS), WALK_REPEAT);
	printf("# snapshot: HMM_DMIRROR_SNAPSHOT over the whole range (64 pages per walk), timed\n");
	printf("#       around each ioctl; median, q1/q3, min/max of %u ioctls\n",
	       REPS(SNAP_CALLS));
	printf("# pmd%%, compound%%: entries the snapshot reported PMD-mapped, and with COMPOUND\n");
	printf("# columns: table path size_mb entries calls median q1 q3 min max pmd%% compound%% status\n");
	for (i = 0; i < (smoke ? 1 : ARRAY_SIZE(flag_sizes_mb)); i++) {
		unsigned long size_mb = flag_sizes_mb[i];
		const char *why;
		struct thp t;
		char status[128];

		memset(&t, 0, sizeof(t));
		why = short_of_memory(size_mb);
		if (!why)
			why = thp_alloc(fd, &t, size_mb * MB);
		if (why) {
			snprintf(status, sizeof(status), "skip:%s", why);
			flag_row("walk", size_mb, 0, 0, NULL, &t, status);
			flag_row("snapshot", size_mb, 0, 0, NULL, &t, status);
			thp_free(&t);
			continue;
		}
		if (have_walk) {
			int ret = flag_walk(fd, &t, size_mb);

			if (ret == -EINVAL || ret == -ENOTTY) {
				printf("# walk: this kernel has no HMM_DMIRROR_TIME_RANGE_FAULT (%s):\n",
				       strerror(-ret));
				printf("#       a kernel without the series; only the snapshot path is measured\n");
				have_walk = 0;
			} else if (ret) {
				snprintf(status, sizeof(status), "skip:%s",
					 strerror(-ret));
				flag_row("walk", size_mb, 0, 0, NULL, &t, status);
			}
		}
		if (!have_walk)
			flag_row("walk", size_mb, 0, 0, NULL, &t,
				 "skip:no-timing-ioctl");
		flag_snapshot(fd, &t, size_mb);
		thp_free(&t);
		fflush(stdout);
	}
}

/* Table 2: a consumer of the flag, dmirror with large device entries. */

#define CONSUMER_REPS	3

static const unsigned long consumer_sizes_mb[] = { 64, 128, 256, 512, 1024 };

static int read_param(void)
{
	char c = 0;
	int fd = open(param, O_RDONLY);

	if (fd < 0)
		return -errno;
	if (read(fd, &c, 1) != 1)
		c = 0;
	close(fd);
	return c == 'Y' || c == '1';
}

static int write_param(int on)
{
	int fd = open(param, O_WRONLY);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, on ? "Y\n" : "N\n", 2) != 2)
		ret = -errno;
	close(fd);
	return ret;
}

struct consumer_run {
	struct hmm_dmirror_pt_stats st;
	double fault_us, read_ms;
};

/* One device read of the whole range through a fresh mirror. */
static int consumer_read(const struct thp *t, void *mirror, int verify,
			 struct consumer_run *r)
{
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)t->ptr,
		.ptr = (uintptr_t)mirror,
		.npages = t->npages,
	};
	uint64_t t0;
	int fd, ret;

	fd = open(device, O_RDWR);
	if (fd < 0)
		return -errno;
	t0 = now_ns();
	ret = ioctl_retry(fd, HMM_DMIRROR_READ, &cmd);
	r->read_ms = (now_ns() - t0) / 1e6;
	if (!ret && (cmd.cpages != t->npages || cmd.faults != 1))
		ret = -EIO;
	if (!ret && verify && memcmp(mirror, t->ptr, t->size))
		ret = -EBADMSG;
	if (!ret) {
		ret = ioctl_retry(fd, HMM_DMIRROR_PT_STATS, &r->st);
		r->fault_us = r->st.fault_ns / 1e3;
	}
	close(fd);
	return ret;
}

static void consumer_row(const char *mode, unsigned long size_mb,
			 const struct consumer_run *r, const struct stats *f,
			 const struct stats *rd, unsigned int reps,
			 const char *status)
{
	count_status(status);
	if (!r) {
		printf("%-8s %-8s %5lu %7s %6s %9s %6s %6s %5s %10s %10s %10s %9s %9s %s\n",
		       "consumer", mode, size_mb, "-", "-", "-", "-", "-",
		       "-", "-", "-", "-", "-", "-", status);
		return;
	}
	printf("%-8s %-8s %5lu %7llu %6llu %9.1f %6llu %6llu %5u %10.1f %10.1f %10.1f %9.2f %9.1f %s\n",
	       "consumer", mode, size_mb,
	       (unsigned long long)r->st.entries_small,
	       (unsigned long long)r->st.entries_large,
	       r->st.table_bytes / 1024.0,
	       (unsigned long long)r->st.faults,
	       (unsigned long long)r->st.fault_ranges, reps,
	       f->median, f->q1, f->q3,
	       f->median * 1e3 / (size_mb * MB / SZ_2M), rd->median, status);
}

/* Returns 0, or -errno when the kernel lacks what this table needs. */
static int consumer_size(unsigned long size_mb, int have_param)
{
	unsigned int reps = REPS(CONSUMER_REPS), i, mode;
	struct consumer_run run[2][reps];
	double fus[2][reps], rms[2][reps];
	struct stats f[2], rd[2];
	char status[2][128];
	void *mirror = NULL;
	const char *why;
	struct thp t;
	int fd, ret = 0;

	memset(&t, 0, sizeof(t));
	/* The memory, the buffer it is read into and the kernel's bounce buffer */
	why = short_of_memory(3 * size_mb);
	if (!why) {
		fd = open(device, O_RDWR);
		if (fd < 0)
			return -errno;
		why = thp_alloc(fd, &t, size_mb * MB);
		close(fd);
	}
	if (!why) {
		mirror = malloc(t.size);
		if (!mirror)
			why = "no-memory-for-the-device-read-buffer";
	}
	if (why) {
		snprintf(status[0], sizeof(status[0]), "skip:%s", why);
		consumer_row("4k", size_mb, NULL, NULL, NULL, 0, status[0]);
		consumer_row("compound", size_mb, NULL, NULL, NULL, 0, status[0]);
		goto out;
	}
	for (mode = 0; mode < 2; mode++)
		strcpy(status[mode], "ok");
	/* Alternate the modes so that drift hits both alike. */
	for (i = 0; i < reps; i++) {
		for (mode = 0; mode < 2 && !ret; mode++) {
			if (mode && !have_param)
				continue;
			if (have_param) {
				ret = write_param(mode);
				if (ret)
					break;
			}
			ret = consumer_read(&t, mirror, i == 0, &run[mode][i]);
			if (ret == -EBADMSG) {
				snprintf(status[mode], sizeof(status[mode]),
					 "FAIL:device-read-wrong-data");
				ret = 0;
			}
			fus[mode][i] = run[mode][i].fault_us;
			rms[mode][i] = run[mode][i].read_ms;
		}
		if (ret)
			break;
	}
	if (ret == -EINVAL || ret == -ENOTTY) {
		consumer_row("4k", size_mb, NULL, NULL, NULL, 0,
			     "skip:no-HMM_DMIRROR_PT_STATS");
		consumer_row("compound", size_mb, NULL, NULL, NULL, 0,
			     "skip:no-HMM_DMIRROR_PT_STATS");
		goto out;
	}
	if (ret) {
		snprintf(status[0], sizeof(status[0]), "skip:%s", strerror(-ret));
		consumer_row("4k", size_mb, NULL, NULL, NULL, 0, status[0]);
		consumer_row("compound", size_mb, NULL, NULL, NULL, 0, status[0]);
		goto out;
	}
	for (mode = 0; mode < 2; mode++) {
		if (mode && !have_param) {
			consumer_row("compound", size_mb, NULL, NULL, NULL, 0,
				     "skip:no-compound_entries-parameter");
			continue;
		}
		f[mode] = summarize(fus[mode], reps);
		rd[mode] = summarize(rms[mode], reps);
		consumer_row(mode ? "compound" : "4k", size_mb,
			     &run[mode][reps - 1], &f[mode], &rd[mode], reps,
			     status[mode]);
	}
	if (have_param) {
		const struct hmm_dmirror_pt_stats *a = &run[0][reps - 1].st;
		const struct hmm_dmirror_pt_stats *b = &run[1][reps - 1].st;
		double ea = a->entries_small + a->entries_large;
		double eb = b->entries_small + b->entries_large;

		printf("%-8s %-8s %5lu %9.1f %9.2f %9.1f\n", "ratio",
		       "4k/comp", size_mb, eb ? ea / eb : 0,
		       f[1].median ? f[0].median / f[1].median : 0,
		       b->table_bytes ? (double)a->table_bytes / b->table_bytes : 0);
	}
out:
	free(mirror);
	thp_free(&t);
	fflush(stdout);
	return 0;
}

/* Whether the kernel has HMM_DMIRROR_PT_STATS: 1, 0, or -errno. */
static int have_pt_stats(void)
{
	struct hmm_dmirror_pt_stats st;
	int fd = open(device, O_RDWR);
	int ret;

	if (fd < 0)
		return -errno;
	ret = ioctl_retry(fd, HMM_DMIRROR_PT_STATS, &st);
	close(fd);
	if (ret == -EINVAL || ret == -ENOTTY)
		return 0;
	return ret ? ret : 1;
}

static void table_consumer(void)
{
	int saved = read_param();
	int stats = have_pt_stats();
	unsigned int i;

	printf("# hmm-bench consumer: device reads (HMM_DMIRROR_READ) of PMD-mapped THP memory,\n");
	printf("# one device entry per 4K page (4k) or per compound page (compound)\n");
	kernel_line();
	if (saved < 0)
		printf("# %s: %s: only the 4k mode can be measured\n", param,
		       strerror(-saved));
	printf("# small, large: device entries in the table after the read; table_kb: its\n");
	printf("# XArray nodes; faults, ranges: device faults and hmm_range_fault() calls\n");
	printf("# fault_us: kernel time of the device fault (median, q1, q3 of reps fresh\n");
	printf("# mirrors); ns_per_2mb: median fault time per 2MB; read_ms: the whole ioctl\n");
	printf("# columns: table mode size_mb small large table_kb faults ranges reps fault_us q1 q3 ns_per_2mb read_ms status\n");
	printf("# ratio rows: table mode size_mb entries fault_time table_memory (4k over compound)\n");
	if (stats <= 0)
		printf("# HMM_DMIRROR_PT_STATS: %s: a kernel without it cannot count entries\n",
		       stats ? strerror(-stats) : "not supported");
	for (i = 0; i < (smoke ? 1 : ARRAY_SIZE(consumer_sizes_mb)); i++) {
		if (stats <= 0) {
			consumer_row("4k", consumer_sizes_mb[i], NULL, NULL,
				     NULL, 0, "skip:no-HMM_DMIRROR_PT_STATS");
			consumer_row("compound", consumer_sizes_mb[i], NULL,
				     NULL, NULL, 0, "skip:no-HMM_DMIRROR_PT_STATS");
			continue;
		}
		consumer_size(consumer_sizes_mb[i], saved >= 0);
	}
	if (saved >= 0)
		write_param(saved);
}

int main(int argc, char **argv)
{
	int flag = 0, consumer = 0, opt, fd;

	while ((opt = getopt(argc, argv, "r:s")) != -1) {
		if (opt == 'r' && atoi(optarg) > 0) {
			scale = atoi(optarg);
			continue;
		}
		if (opt == 's') {
			smoke = 1;
			continue;
		}
		fprintf(stderr, "usage: %s [-r N] [-s] [flag] [consumer]\n", argv[0]);
		return 2;
	}
	for (; optind < argc; optind++) {
		if (!strcmp(argv[optind], "flag")) {
			flag = 1;
		} else if (!strcmp(argv[optind], "consumer")) {
			consumer = 1;
		} else {
			fprintf(stderr, "unknown table %s\n", argv[optind]);
			return 2;
		}
	}
	if (!flag && !consumer) {
		flag = 1;
		consumer = 1;
	}

	fd = open(device, O_RDWR);
	if (fd < 0) {
		printf("# cannot open %s: %s\n", device, strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (flag)
		table_flag(fd);
	close(fd);
	if (consumer)
		table_consumer();
	if (smoke)
		printf("# smoke test: %d row(s) failed\n", failed);
	return failed ? 1 : 0;
}
