// SPDX-License-Identifier: GPL-2.0
/*
 * hmm-bench: what HMM_PFN_COMPOUND costs in hmm_range_fault(), and what a
 * driver that decides its device entry sizes gets right or wrong, on Linux
 * 7.3, through the dmirror test device (/dev/hmm_dmirror0) with the
 * bench-only commands of patches/7.3/bench/.
 *
 *   hmm-bench [-r N] [-s] [flag] [consumer]
 *
 * flag:     hmm_range_fault() over one whole populated range in one call,
 *           timed in the kernel (HMM_DMIRROR_TIME_RANGE_FAULT), per leaf
 *           type and size (64M, 256M, 1G): anonymous THP (PMD), hugetlb
 *           pages of PMD and PUD size, a device-dax PUD, 4K pages, and
 *           device-private THP (7.3's device-private PMD entries). Times
 *           are per 4K entry.
 * consumer: the dmirror device maps the same range as one of four
 *           consumers would (HMM_DMIRROR_CONSUMER): one entry per 4K
 *           page, the map order, the folio's size, and HMM_PFN_COMPOUND;
 *           over a written THP, a THP with one 4K page mprotect()ed, one
 *           4K page MADV_DONTNEED'd, a THP written once by a child after
 *           fork(), hugetlb pages of PMD and PUD size, a device-dax
 *           PUD, fsdax, a
 *           device-private THP, and THP memory that was only read (the huge
 *           zero folio, a special PMD). The kernel counts the entries, the table's
 *           memory and the time, and checks every page the device can
 *           reach against what the CPU maps there.
 *
 * -r N scales the repetitions (default 1).
 * -s   smoke test: the smallest size of each row, two repetitions; exit
 *      status 1 if a row failed.
 *
 * Every mapping is checked through HMM_DMIRROR_SNAPSHOT to be what its row
 * says (PMD-mapped, PUD-mapped, 4K, device-private) before it is measured;
 * a mapping the guest cannot have gets a row with status skip:REASON.
 * Lines starting with '#' are comments; every other line is a row of
 * whitespace-separated columns, named by the '# columns:' line before it.
 * A kernel without a command answers it with EINVAL and gets rows with
 * status skip:no-COMMAND, so that the rows of two kernels can be put side
 * by side by their first columns.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <lib/test_hmm_uapi.h>
#include "bench-stats.h"

/*
 * Built against trees without the bench's commands or the flag too: their
 * interfaces as patches/7.3/bench/ and the flag series define them. Such a
 * kernel answers them with EINVAL and the tables say so.
 */
#ifndef HMM_DMIRROR_PROT_COMPOUND
#define HMM_DMIRROR_PROT_COMPOUND 0x80
#endif
#ifndef HMM_DMIRROR_TIME_RANGE_FAULT
struct hmm_dmirror_time {
	__u64 addr, npages, repeat, entries, valid, huge, retries;
	__u64 ns_min, ns_median, ns_max, ns_total;
};

#define HMM_DMIRROR_TIME_RANGE_FAULT	_IOWR('H', 0x0a, struct hmm_dmirror_time)
#endif
#ifndef HMM_DMIRROR_CONSUMER
struct hmm_dmirror_consumer {
	__u64 addr, npages, consumer, repeat, entries, large, table_bytes;
	__u64 ns_min, ns_median, checked, wrong_page, wrong_perm, retries;
};

enum {
	HMM_DMIRROR_CONSUMER_4K, HMM_DMIRROR_CONSUMER_MAP_ORDER,
	HMM_DMIRROR_CONSUMER_FOLIO, HMM_DMIRROR_CONSUMER_COMPOUND,
};

#define HMM_DMIRROR_CONSUMER		_IOWR('H', 0x0b, struct hmm_dmirror_consumer)
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif

#define PAGE		4096UL
#define MB		(1UL << 20)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *device = "/dev/hmm_dmirror0";
static unsigned long pmd_size, pud_size;	/* from the system, see sizes() */
static unsigned int scale = 1;
static int smoke, failed;

#define REPS(n)		(smoke ? 2 : (n) * scale)

/* A row's status is a failure unless it is ok or names a missing interface. */
static void count_status(const char *status)
{
	if (!strcmp(status, "ok") || !strncmp(status, "skip:no-", 8) ||
	    !strncmp(status, "warn:retries", 12))
		return;
	failed++;
}

static unsigned long read_ulong(const char *path)
{
	unsigned long v = 0;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

static int write_ulong(const char *path, unsigned long v)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -errno;
	ret = fprintf(f, "%lu\n", v) < 0 ? -EIO : 0;
	if (fclose(f))
		ret = -errno;
	return ret;
}

/*
 * The PMD and PUD sizes of this system: THP's PMD size, and a PUD maps as
 * many PMDs as a page table has entries (PAGE / 8 on 64-bit).
 */
static void sizes(void)
{
	pmd_size = read_ulong("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size");
	if (pmd_size)
		pud_size = pmd_size * (PAGE / sizeof(uint64_t));
}

/* A mapping under test and what HMM_DMIRROR_SNAPSHOT saw of it. */
struct region {
	void *map;
	size_t map_size;
	char *ptr;
	size_t size;
	unsigned long npages;
	int file;
	unsigned long valid, pmd, pud, compound, devpriv;
};

static void region_free(struct region *r)
{
	if (r->map && r->map != MAP_FAILED)
		munmap(r->map, r->map_size);
	if (r->file > 0)
		close(r->file);
	memset(r, 0, sizeof(*r));
}

/* Reserve size bytes at an address aligned to align, as PROT_NONE. */
static char *reserve(struct region *r, size_t size, size_t align)
{
	r->map_size = size + align;
	r->map = mmap(NULL, r->map_size, PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		return NULL;
	}
	r->size = size;
	r->npages = size / PAGE;
	return (char *)(((uintptr_t)r->map + align - 1) & ~(align - 1));
}

/* Snapshot the region and count its entries by kind; 0 or -errno. */
static int region_snapshot(int fd, struct region *r)
{
	unsigned char *m = malloc(r->npages);
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)r->ptr,
		.npages = r->npages,
	};
	unsigned long i;
	int ret;

	if (!m)
		return -ENOMEM;
	cmd.ptr = (uintptr_t)m;
	ret = ioctl_retry(fd, HMM_DMIRROR_SNAPSHOT, &cmd);
	r->valid = r->pmd = r->pud = r->compound = r->devpriv = 0;
	for (i = 0; !ret && i < r->npages; i++) {
		unsigned char p = m[i];

		if (p == HMM_DMIRROR_PROT_ERROR || !(p & 0x03))
			continue;
		r->valid++;
		r->pmd += !!(p & HMM_DMIRROR_PROT_PMD);
		r->pud += !!(p & HMM_DMIRROR_PROT_PUD);
		r->compound += !!(p & HMM_DMIRROR_PROT_COMPOUND);
		r->devpriv += (p & 0x70) == HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL;
	}
	free(m);
	return ret;
}

static char why[160];

/* The leaf types and mappings, each made by one function. */
enum kind {
	ANON_THP, ANON_4K, HUGETLB_PMD, HUGETLB_PUD, DEVDAX_PUD, DEVICE_THP,
	THP_MPROTECT, THP_DONTNEED, FSDAX, HUGE_ZERO,
};

/* Anonymous THP memory that is only read: the huge zero folio. */
static const char *make_huge_zero(struct region *r, size_t size)
{
	volatile char *p;
	size_t i;

	/* Without it a read fault allocates a THP, which is PMD-mapped too. */
	if (read_ulong("/sys/kernel/mm/transparent_hugepage/use_zero_page") != 1)
		return "no-huge-zero-folio:use_zero_page-is-not-1";
	r->ptr = reserve(r, size, pmd_size);
	if (!r->ptr)
		return "mmap-failed";
	if (mprotect(r->ptr, size, PROT_READ | PROT_WRITE))
		return "mprotect-failed";
	if (madvise(r->ptr, size, MADV_HUGEPAGE))
		return "no-THP:madvise(MADV_HUGEPAGE)-failed";
	for (i = 0, p = r->ptr; i < size; i += PAGE)
		if (p[i])
			return "read-back-not-zero";
	return NULL;
}

/* Anonymous memory, written; as THPs if thp. */
static const char *make_anon(struct region *r, size_t size, int thp)
{
	size_t i;

	r->ptr = reserve(r, size, pmd_size);
	if (!r->ptr)
		return "mmap-failed";
	if (mprotect(r->ptr, size, PROT_READ | PROT_WRITE))
		return "mprotect-failed";
	if (madvise(r->ptr, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE))
		return thp ? "no-THP:madvise(MADV_HUGEPAGE)-failed" :
			     "madvise(MADV_NOHUGEPAGE)-failed";
	for (i = 0; i < size; i += PAGE)
		r->ptr[i] = (char)(i / PAGE * 7 + 1);
	return NULL;
}

/*
 * Free hugetlb pages of page_size for size bytes: PMD-sized ones are added
 * to the pool if it is short, the PUD-sized ones come from the kernel's
 * command line (hugepagesz=1G hugepages=1: at run time no free, aligned
 * gigabyte is left).
 */
static const char *hugetlb_pool(size_t size, size_t page_size, long *was)
{
	char dir[96], path[128];
	unsigned long need = (size + page_size - 1) / page_size, free_pages, nr;

	snprintf(dir, sizeof(dir), "/sys/kernel/mm/hugepages/hugepages-%lukB",
		 page_size >> 10);
	if (access(dir, F_OK)) {
		snprintf(why, sizeof(why), "no-hugetlb-pages-of-%luMB", page_size / MB);
		return why;
	}
	snprintf(path, sizeof(path), "%s/free_hugepages", dir);
	free_pages = read_ulong(path);
	snprintf(path, sizeof(path), "%s/nr_hugepages", dir);
	nr = read_ulong(path);
	*was = -1;
	if (free_pages < need && page_size == pmd_size) {
		*was = nr;
		write_ulong(path, nr + need - free_pages);
		snprintf(path, sizeof(path), "%s/free_hugepages", dir);
		free_pages = read_ulong(path);
	}
	if (free_pages < need) {
		snprintf(why, sizeof(why),
			 "not-enough-free-hugetlb-pages-of-%luMB:need-%lu,free-%lu",
			 page_size / MB, need, free_pages);
		return why;
	}
	return NULL;
}

/* Shrink the pool back to was pages if hugetlb_pool() grew it (was >= 0). */
static void hugetlb_pool_restore(size_t page_size, long was)
{
	char path[128];

	snprintf(path, sizeof(path),
		 "/sys/kernel/mm/hugepages/hugepages-%lukB/nr_hugepages",
		 page_size >> 10);
	if (was >= 0)
		write_ulong(path, was);
}

/* hugetlb pages of page_size for size bytes (at least one page), written. */
static const char *make_hugetlb(struct region *r, size_t size, size_t page_size)
{
	size_t len = (size + page_size - 1) / page_size * page_size, i;
	int shift = __builtin_ctzl(page_size);
	long was = -1;
	const char *w;

	w = hugetlb_pool(len, page_size, &was);
	if (w)
		return w;
	r->map_size = len;
	r->map = mmap(NULL, len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB |
		      (shift << MAP_HUGE_SHIFT), -1, 0);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		hugetlb_pool_restore(page_size, was);
		snprintf(why, sizeof(why), "mmap(MAP_HUGETLB,%luMB)-failed:%s",
			 page_size / MB, strerror(errno));
		return why;
	}
	r->ptr = r->map;
	r->size = size;
	r->npages = size / PAGE;
	for (i = 0; i < len; i += PAGE)
		r->ptr[i] = (char)(i / PAGE * 7 + 1);
	/* The pages stay with the mapping; the pool shrinks back as it is freed. */
	hugetlb_pool_restore(page_size, was);
	return NULL;
}

/* A THP range migrated to dmirror's device-private memory, 64M at a time. */
static const char *make_device(int fd, struct region *r, size_t size)
{
	size_t step = size < 64 * MB ? size : 64 * MB, off;
	void *copy;
	const char *w = make_anon(r, size, 1);

	if (w)
		return w;
	copy = malloc(step);
	if (!copy)
		return "no-memory-for-the-migration-buffer";
	for (off = 0; off < size; off += step) {
		struct hmm_dmirror_cmd cmd = {
			.addr = (uintptr_t)r->ptr + off,
			.ptr = (uintptr_t)copy,
			.npages = step / PAGE,
		};

		if (ioctl_retry(fd, HMM_DMIRROR_MIGRATE_TO_DEV, &cmd)) {
			snprintf(why, sizeof(why), "migration-to-the-device-failed:%s",
				 strerror(errno));
			free(copy);
			return why;
		}
	}
	free(copy);
	return NULL;
}

/*
 * The device-dax device of guest/setup.d/30-devdax (HMM_DEVDAX), 1G-aligned:
 * its first PUD size mapped at a PUD-aligned address and written, which
 * maps it with one PUD leaf; rows smaller than that measure its start.
 */
static const char *make_devdax(struct region *r, size_t size)
{
	const char *dev = getenv("HMM_DEVDAX");
	char *p;
	size_t i;

	if (!dev)
		return "no-device-dax:HMM_DEVDAX-is-not-set-(no-devdax-namespace-in-the-guest)";
	if (size > pud_size)
		return "larger-than-the-device-dax-mapping";
	r->file = open(dev, O_RDWR);
	if (r->file < 0) {
		r->file = 0;
		snprintf(why, sizeof(why), "cannot-open-%s:%s", dev, strerror(errno));
		return why;
	}
	p = reserve(r, pud_size, pud_size);
	if (!p)
		return "mmap-failed";
	if (mmap(p, pud_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 r->file, 0) != p) {
		snprintf(why, sizeof(why), "mmap-of-%s-failed:%s", dev, strerror(errno));
		return why;
	}
	r->ptr = p;
	r->size = size;
	r->npages = size / PAGE;
	for (i = 0; i < pud_size; i += PAGE)
		p[i] = (char)(i / PAGE * 7 + 1);
	return NULL;
}

/* An fsdax file of size bytes, MAP_SYNC, PMD-aligned, written. */
static const char *make_fsdax(struct region *r, size_t size)
{
	const char *dir = getenv("HMM_DAX_DIR");
	char path[256];
	char *p;
	size_t i;

	if (!dir)
		return "no-fsdax:HMM_DAX_DIR-is-not-set-(no-pmem-in-the-guest)";
	snprintf(path, sizeof(path), "%s/hmm-bench.%d", dir, (int)getpid());
	r->file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (r->file < 0) {
		r->file = 0;
		return "cannot-create-a-file-on-the-dax-filesystem";
	}
	unlink(path);
	if (posix_fallocate(r->file, 0, size)) {
		snprintf(why, sizeof(why), "posix_fallocate(%luMB)-failed-on-the-dax-filesystem",
			 size / MB);
		return why;
	}
	r->ptr = reserve(r, size, pmd_size);
	if (!r->ptr)
		return "mmap-failed";
	p = mmap(r->ptr, size, PROT_READ | PROT_WRITE,
		 MAP_SHARED_VALIDATE | MAP_SYNC | MAP_FIXED, r->file, 0);
	if (p == MAP_FAILED)
		return "mmap(MAP_SYNC)-failed:the-filesystem-is-not-dax";
	for (i = 0; i < size; i += PAGE)
		r->ptr[i] = (char)(i / PAGE * 7 + 1);
	return NULL;
}

/* The page that the one-page changes touch: inside the first PMD, not its first. */
#define ONE_PAGE	100

/*
 * Make a mapping of kind for size bytes and check that it is what the row
 * says; NULL, or why it could not be had.
 */
static const char *make(int fd, struct region *r, enum kind kind, size_t size)
{
	const char *w = NULL;
	unsigned long n;
	int ret;

	memset(r, 0, sizeof(*r));
	if (!pmd_size)
		return "no-THP:hpage_pmd_size-unknown";
	if (mem_available_mb() && mem_available_mb() < 2 * size / MB + 64) {
		snprintf(why, sizeof(why), "not-enough-memory:need-%luMB,available-%luMB",
			 2 * size / MB, mem_available_mb());
		return why;
	}
	switch (kind) {
	case ANON_THP:
	case THP_MPROTECT:
	case THP_DONTNEED:
		w = make_anon(r, size, 1);
		break;
	case ANON_4K:
		w = make_anon(r, size, 0);
		break;
	case HUGETLB_PMD:
		w = make_hugetlb(r, size, pmd_size);
		break;
	case HUGETLB_PUD:
		w = make_hugetlb(r, size, pud_size);
		break;
	case DEVDAX_PUD:
		w = make_devdax(r, size);
		break;
	case DEVICE_THP:
		w = make_device(fd, r, size);
		break;
	case FSDAX:
		w = make_fsdax(r, size);
		break;
	case HUGE_ZERO:
		w = make_huge_zero(r, size);
		break;
	}
	if (w)
		return w;
	ret = region_snapshot(fd, r);
	if (ret) {
		snprintf(why, sizeof(why), "snapshot-failed:%s", strerror(-ret));
		return why;
	}
	n = r->npages;
	switch (kind) {
	case ANON_THP:
	case THP_MPROTECT:
	case THP_DONTNEED:
	case HUGETLB_PMD:
	case FSDAX:
	case HUGE_ZERO:
		if (r->pmd != n)
			w = "PMD-mapped";
		break;
	case HUGETLB_PUD:
	case DEVDAX_PUD:
		if (r->pud != n)
			w = "PUD-mapped";
		break;
	case ANON_4K:
		if (r->valid != n || r->pmd || r->pud)
			w = "4K-mapped";
		break;
	case DEVICE_THP:
		if (r->devpriv != n || r->pmd != n)
			w = "device-private-and-PMD-mapped";
		break;
	}
	if (w) {
		snprintf(why, sizeof(why),
			 "not-%s:of-%lu-entries-%lu-valid,%lu-PMD,%lu-PUD,%lu-device-private",
			 w, n, r->valid, r->pmd, r->pud, r->devpriv);
		return why;
	}
	/* The one-page changes come after the check that the THPs are there. */
	if (kind == THP_MPROTECT &&
	    mprotect(r->ptr + ONE_PAGE * PAGE, PAGE, PROT_READ))
		return "mprotect-of-one-page-failed";
	if (kind == THP_DONTNEED &&
	    madvise(r->ptr + ONE_PAGE * PAGE, PAGE, MADV_DONTNEED))
		return "madvise(MADV_DONTNEED)-of-one-page-failed";
	if (kind != THP_MPROTECT && kind != THP_DONTNEED)
		return NULL;
	/* The first PMD is split now, the others are not. */
	ret = region_snapshot(fd, r);
	if (ret) {
		snprintf(why, sizeof(why), "snapshot-failed:%s", strerror(-ret));
		return why;
	}
	if (r->pmd != n - pmd_size / PAGE ||
	    r->valid != n - (kind == THP_DONTNEED)) {
		snprintf(why, sizeof(why),
			 "not-split-in-one-PMD:of-%lu-entries-%lu-valid,%lu-PMD",
			 n, r->valid, r->pmd);
		return why;
	}
	return NULL;
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
	printf("# clocksource: %s; PMD %luK, PUD %luK\n", clock, pmd_size >> 10,
	       pud_size >> 10);
	if (strstr(clock, "jiffies"))
		printf("# note: this clock ticks in ms, too coarse for these times;\n"
		       "#       boot with tsc_early_khz=<TSC kHz> tsc=reliable\n");
}

/* Table 1: the cost of the flag in hmm_range_fault(). */

#define WALK_IOCTLS	7
#define WALK_REPEAT	5

static const unsigned long flag_sizes_mb[] = { 64, 256, 1024 };

static const struct {
	const char *name;
	enum kind kind;
} leaves[] = {
	{ "anon-thp", ANON_THP },
	{ "hugetlb-pmd", HUGETLB_PMD },
	{ "hugetlb-pud", HUGETLB_PUD },
	{ "devdax-pud", DEVDAX_PUD },
	{ "anon-4k", ANON_4K },
	{ "device-thp", DEVICE_THP },
};

static void flag_row(const char *leaf, unsigned long size_mb,
		     unsigned long calls, const struct stats *s,
		     const struct region *r, const char *status)
{
	count_status(status);
	if (!s) {
		printf("%-4s %-11s %5lu %7s %4s %10s %10s %10s %10s %10s %5s %5s %s\n",
		       "flag", leaf, size_mb, "-", "-", "-", "-", "-", "-", "-",
		       "-", "-", status);
		return;
	}
	printf("%-4s %-11s %5lu %7lu %4lu %10.6f %10.6f %10.6f %10.6f %10.6f %5.1f %5.1f %s\n",
	       "flag", leaf, size_mb, r->npages, calls, s->median, s->q1, s->q3,
	       s->min, s->max, 100.0 * (r->pmd + r->pud) / r->npages,
	       100.0 * r->compound / r->npages, status);
}

/* 0, or -errno of the first ioctl (EINVAL: the kernel lacks it). */
static int flag_walk(int fd, const char *leaf, const struct region *r,
		     unsigned long size_mb)
{
	unsigned int n = REPS(WALK_IOCTLS), i;
	double med[n], min = 1e300, max = 0;
	char status[64] = "ok";
	struct stats s;
	int ret = 0;

	for (i = 0; i < n; i++) {
		struct hmm_dmirror_time tm = {
			.addr = (uintptr_t)r->ptr,
			.npages = r->npages,
			.repeat = WALK_REPEAT,
		};

		ret = ioctl_retry(fd, HMM_DMIRROR_TIME_RANGE_FAULT, &tm);
		if (ret)
			return ret;
		if (tm.valid != r->npages)
			snprintf(status, sizeof(status), "FAIL:valid=%llu",
				 (unsigned long long)tm.valid);
		else if (tm.retries && !strncmp(status, "ok", 2))
			snprintf(status, sizeof(status), "warn:retries=%llu",
				 (unsigned long long)tm.retries);
		med[i] = (double)tm.ns_median / tm.entries;
		if ((double)tm.ns_min / tm.entries < min)
			min = (double)tm.ns_min / tm.entries;
		if ((double)tm.ns_max / tm.entries > max)
			max = (double)tm.ns_max / tm.entries;
	}
	s = summarize(med, n);
	s.min = min;
	s.max = max;
	flag_row(leaf, size_mb, n * WALK_REPEAT, &s, r, status);
	return 0;
}

static void table_flag(int fd)
{
	int have_walk = 1;
	unsigned int l, i;

	printf("# hmm-bench flag: hmm_range_fault() over a whole populated range, ns per 4K entry\n");
	kernel_line();
	printf("# HMM_DMIRROR_TIME_RANGE_FAULT: one call over the whole range, kernel-timed; median\n");
	printf("# and q1/q3 of %u per-ioctl medians of %u calls, min/max of all calls\n",
	       REPS(WALK_IOCTLS), WALK_REPEAT);
	printf("# huge%%, compound%%: entries the snapshot saw PMD/PUD-mapped, and with COMPOUND\n");
	printf("# columns: table leaf size_mb entries calls median q1 q3 min max huge%% compound%% status\n");
	for (l = 0; l < ARRAY_SIZE(leaves); l++) {
		for (i = 0; i < (smoke ? 1 : ARRAY_SIZE(flag_sizes_mb)); i++) {
			unsigned long size_mb = flag_sizes_mb[i];
			char status[200];
			struct region r;
			const char *w;
			int ret;

			w = make(fd, &r, leaves[l].kind, size_mb * MB);
			if (w) {
				snprintf(status, sizeof(status), "skip:%s", w);
				flag_row(leaves[l].name, size_mb, 0, NULL, &r, status);
			} else if (!have_walk) {
				flag_row(leaves[l].name, size_mb, 0, NULL, &r,
					 "skip:no-HMM_DMIRROR_TIME_RANGE_FAULT");
			} else {
				ret = flag_walk(fd, leaves[l].name, &r, size_mb);
				if (ret == -EINVAL || ret == -ENOTTY) {
					printf("# this kernel has no HMM_DMIRROR_TIME_RANGE_FAULT (%s):\n"
					       "# the bench-only patches are not applied (make bench applies them)\n",
					       strerror(-ret));
					have_walk = 0;
					flag_row(leaves[l].name, size_mb, 0, NULL, &r,
						 "skip:no-HMM_DMIRROR_TIME_RANGE_FAULT");
				} else if (ret) {
					snprintf(status, sizeof(status), "FAIL:%s",
						 strerror(-ret));
					flag_row(leaves[l].name, size_mb, 0, NULL, &r,
						 status);
				}
			}
			region_free(&r);
			fflush(stdout);
		}
	}
}

/* Table 2: four consumers of the same mappings. */

#define CONSUMER_REPEAT	5

static const char *const consumers[] = {
	[HMM_DMIRROR_CONSUMER_4K] = "4k",
	[HMM_DMIRROR_CONSUMER_MAP_ORDER] = "map-order",
	[HMM_DMIRROR_CONSUMER_FOLIO] = "folio",
	[HMM_DMIRROR_CONSUMER_COMPOUND] = "compound",
};

static const struct {
	const char *name;
	enum kind kind;
	unsigned long size_mb;	/* 0: the PUD size */
	int fork_write;
} mappings[] = {
	{ "thp", ANON_THP, 64, 0 },
	{ "thp-mprotect-4k", THP_MPROTECT, 64, 0 },
	{ "thp-dontneed-4k", THP_DONTNEED, 64, 0 },
	{ "thp-fork-child-write", ANON_THP, 64, 1 },
	{ "hugetlb-pmd", HUGETLB_PMD, 64, 0 },
	{ "hugetlb-pud", HUGETLB_PUD, 0, 0 },
	{ "devdax-pud", DEVDAX_PUD, 0, 0 },
	{ "fsdax", FSDAX, 32, 0 },
	{ "device-thp", DEVICE_THP, 64, 0 },
	{ "thp-read-only-zero", HUGE_ZERO, 64, 0 },
};

static int have_consumer = 1;

static void consumer_row(const char *mapping, const char *consumer,
			 unsigned long size_mb,
			 const struct hmm_dmirror_consumer *c, const char *status)
{
	count_status(status);
	if (!c) {
		printf("%-8s %-20s %-9s %5lu %7s %6s %9s %7s %6s %6s %10s %s\n",
		       "consumer", mapping, consumer, size_mb, "-", "-", "-", "-",
		       "-", "-", "-", status);
		return;
	}
	printf("%-8s %-20s %-9s %5lu %7llu %6llu %9.1f %7llu %6llu %6llu %10.1f %s\n",
	       "consumer", mapping, consumer, size_mb,
	       (unsigned long long)c->entries, (unsigned long long)c->large,
	       c->table_bytes / 1024.0, (unsigned long long)c->checked,
	       (unsigned long long)c->wrong_page,
	       (unsigned long long)c->wrong_perm, c->ns_median / 1e3, status);
}

/* All four consumers over one region, through the caller's fd. */
static void consumer_rows(int fd, const char *mapping, const struct region *r,
			  unsigned long size_mb)
{
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(consumers); k++) {
		struct hmm_dmirror_consumer c = {
			.addr = (uintptr_t)r->ptr,
			.npages = r->npages,
			.consumer = k,
			.repeat = REPS(CONSUMER_REPEAT),
		};
		char status[64] = "ok";
		int ret;

		if (!have_consumer) {
			consumer_row(mapping, consumers[k], size_mb, NULL,
				     "skip:no-HMM_DMIRROR_CONSUMER");
			continue;
		}
		ret = ioctl_retry(fd, HMM_DMIRROR_CONSUMER, &c);
		if (ret == -EINVAL || ret == -ENOTTY) {
			printf("# this kernel has no HMM_DMIRROR_CONSUMER (%s)\n",
			       strerror(-ret));
			have_consumer = 0;
			consumer_row(mapping, consumers[k], size_mb, NULL,
				     "skip:no-HMM_DMIRROR_CONSUMER");
			continue;
		}
		if (ret) {
			snprintf(status, sizeof(status), "FAIL:%s", strerror(-ret));
			consumer_row(mapping, consumers[k], size_mb, NULL, status);
			continue;
		}
		if (c.retries)
			snprintf(status, sizeof(status), "warn:retries=%llu",
				 (unsigned long long)c.retries);
		consumer_row(mapping, consumers[k], size_mb, &c, status);
	}
}

/*
 * fork(), then the child writes one 4K page of the first THP and maps the
 * range through a dmirror of its own: its PMD is split and one page is new.
 */
static void consumer_fork(const char *mapping, struct region *r,
			  unsigned long size_mb)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		consumer_row(mapping, "-", size_mb, NULL, "FAIL:fork-failed");
		return;
	}
	if (!pid) {
		int fd;

		failed = 0;
		r->ptr[ONE_PAGE * PAGE] ^= 1;
		fd = open(device, O_RDWR);
		if (fd < 0)
			_exit(2);
		consumer_rows(fd, mapping, r, size_mb);
		fflush(stdout);
		_exit(failed ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 2) {
		consumer_row(mapping, "-", size_mb, NULL,
			     "FAIL:the-child-did-not-map-the-range");
		return;
	}
	if (WEXITSTATUS(status))
		failed++;
}

static void table_consumer(int fd)
{
	unsigned int m;

	printf("# hmm-bench consumer: the device maps a range as one of four consumers would\n");
	printf("# (HMM_DMIRROR_CONSUMER, a read fault): 4k: one entry per 4K page; map-order:\n");
	printf("# hmm_pfn_to_map_order(); folio: folio_order(page_folio(page)), the rule of\n");
	printf("# mshv_chunk_stride() before its fix; compound: the map order where\n");
	printf("# HMM_PFN_COMPOUND is set. Device leaves of 4K, PMD and PUD size.\n");
	kernel_line();
	printf("# entries, large: device entries and those above 4K; table_kb: 4K per level table\n");
	printf("# checked: pages the device reaches; wrong_page, wrong_perm: of those, mapped to\n");
	printf("# another page than the CPU's, or with another write permission; fault_us:\n");
	printf("# hmm_range_fault() and the table, median of %u builds\n",
	       REPS(CONSUMER_REPEAT));
	printf("# columns: table mapping consumer size_mb entries large table_kb checked wrong_page wrong_perm fault_us status\n");
	for (m = 0; m < ARRAY_SIZE(mappings); m++) {
		unsigned long size_mb = mappings[m].size_mb ?
					mappings[m].size_mb : pud_size / MB;
		char status[200];
		struct region r;
		const char *w;
		unsigned int k;

		if (smoke && !mappings[m].size_mb)
			size_mb = pud_size / MB;
		w = make(fd, &r, mappings[m].kind, size_mb * MB);
		if (w) {
			snprintf(status, sizeof(status), "skip:%s", w);
			for (k = 0; k < ARRAY_SIZE(consumers); k++)
				consumer_row(mappings[m].name, consumers[k],
					     size_mb, NULL, status);
		} else if (mappings[m].fork_write) {
			consumer_fork(mappings[m].name, &r, size_mb);
		} else {
			consumer_rows(fd, mappings[m].name, &r, size_mb);
		}
		region_free(&r);
		fflush(stdout);
	}
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
	if (!flag && !consumer)
		flag = consumer = 1;

	sizes();
	fd = open(device, O_RDWR);
	if (fd < 0) {
		printf("# cannot open %s: %s\n", device, strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (flag)
		table_flag(fd);
	if (consumer)
		table_consumer(fd);
	close(fd);
	if (smoke)
		printf("# smoke test: %d row(s) failed\n", failed);
	return failed ? 1 : 0;
}
