// SPDX-License-Identifier: GPL-2.0
/*
 * compound-table: what a device sees through hmm_range_fault() for a set of
 * CPU mappings, read through the dmirror test device (/dev/hmm_dmirror0).
 *
 * For each mapping it prints the number of 4K entries and, grouped, the
 * flags the dmirror snapshot reported for them: the access (READ, WRITE),
 * the CPU mapping level (PTE, PMD, PUD), where the page lives (ZERO,
 * DEVICE) and whether hmm_range_fault() said HMM_PFN_COMPOUND. A mapping
 * that could not be set up is printed as skipped, with the reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/mman.h>
#include <sys/wait.h>
#include <lib/test_hmm_uapi.h>

/* Kernels without the series never report it; the table then shows that. */
#ifndef HMM_DMIRROR_PROT_COMPOUND
#define HMM_DMIRROR_PROT_COMPOUND 0x80
#endif

#define SZ_2M (2UL << 20)
#define SZ_1G (1UL << 30)
#define PAGE 4096UL

static const char *device = "/dev/hmm_dmirror0";

static int snapshot(int fd, void *addr, unsigned long npages, unsigned char *m)
{
	struct hmm_dmirror_cmd cmd = {
		.addr = (uintptr_t)addr,
		.ptr = (uintptr_t)m,
		.npages = npages,
	};

	while (ioctl(fd, HMM_DMIRROR_SNAPSHOT, &cmd))
		if (errno != EINTR)
			return -errno;
	return cmd.cpages == npages ? 0 : -EIO;
}

static void describe(unsigned char v, char *buf, size_t len)
{
	unsigned char where = v & 0x70;

	if (v == HMM_DMIRROR_PROT_ERROR) {
		snprintf(buf, len, "ERROR");
		return;
	}
	snprintf(buf, len, "%s %s%s%s",
		 v & HMM_DMIRROR_PROT_WRITE ? "WRITE" :
		 v & HMM_DMIRROR_PROT_READ ? "READ" : "NONE",
		 v & HMM_DMIRROR_PROT_PUD ? "PUD" :
		 v & HMM_DMIRROR_PROT_PMD ? "PMD" : "PTE",
		 where == HMM_DMIRROR_PROT_ZERO ? " ZERO" :
		 where ? " DEVICE" : "",
		 v & HMM_DMIRROR_PROT_COMPOUND ? " COMPOUND" : "");
}

static void row(const char *what, const unsigned char *m, unsigned long n)
{
	unsigned long count[256] = { 0 };
	char line[256] = "", flags[64];
	unsigned long i;
	int v, first = 1;

	for (i = 0; i < n; i++)
		count[m[i]]++;
	for (v = 255; v >= 0; v--) {
		if (!count[v])
			continue;
		describe(v, flags, sizeof(flags));
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			 "%s%lu x %s", first ? "" : ", ", count[v], flags);
		first = 0;
	}
	printf("%-38s %7lu  %s\n", what, n, line);
}

static void skipped(const char *what, const char *why)
{
	printf("%-38s %7s  skipped: %s\n", what, "-", why);
}

/* A written, PMD-aligned anonymous THP, or NULL. */
static char *thp(void)
{
	char *map = mmap(NULL, 2 * SZ_2M, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;

	if (map == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)map + SZ_2M - 1) & ~(SZ_2M - 1));
	if (madvise(p, SZ_2M, MADV_HUGEPAGE))
		return NULL;
	memset(p, 1, SZ_2M);
	return p;
}

static int snap_row(int fd, const char *what, void *p, unsigned long size)
{
	unsigned long n = size / PAGE;
	unsigned char *m = malloc(n);
	int ret;

	if (!m)
		return -ENOMEM;
	ret = snapshot(fd, p, n, m);
	if (ret) {
		char why[64];

		snprintf(why, sizeof(why), "snapshot failed: %s", strerror(-ret));
		skipped(what, why);
	} else {
		row(what, m, n);
	}
	free(m);
	return ret;
}

static void fork_rows(int fd)
{
	int go[2], done[2];
	char *p = thp();
	pid_t pid;
	char c;

	if (!p || pipe(go) || pipe(done)) {
		skipped("fork", "no THP");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (!pid) {
		int cfd = open(device, O_RDWR);

		if (cfd < 0 || read(go[0], &c, 1) != 1)
			_exit(1);
		snap_row(cfd, "fork: child, before writing", p, SZ_2M);
		p[7 * PAGE] = 2;
		snap_row(cfd, "fork: child, after writing 1 byte", p, SZ_2M);
		fflush(stdout);
		if (write(done[1], "w", 1) != 1)
			_exit(1);
		_exit(0);
	}
	snap_row(fd, "fork: parent, before the child writes", p, SZ_2M);
	fflush(stdout);
	if (write(go[1], "g", 1) == 1 && read(done[0], &c, 1) == 1)
		snap_row(fd, "fork: parent, after the child wrote", p, SZ_2M);
	waitpid(pid, NULL, 0);
}

static void hugetlb_row(int fd, const char *what, unsigned long size)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB |
		       (__builtin_ctzl(size) << MAP_HUGE_SHIFT), -1, 0);

	if (p == MAP_FAILED) {
		skipped(what, "no free hugetlb page of that size");
		return;
	}
	p[0] = 1;
	snap_row(fd, what, p, size);
	munmap(p, size);
}

/*
 * A 2M-aligned MAP_SYNC mapping of a file on the fsdax mount that the guest
 * names in HMM_DAX_DIR: PMD-mapped, over order-0 pages on 6.12 and over one
 * PMD-order folio on 7.3.
 */
static void fsdax_row(int fd)
{
	const char *what = "fsdax file, MAP_SYNC, written";
	const char *dir = getenv("HMM_DAX_DIR");
	char path[256], *map, *p;
	int file;

	if (!dir) {
		skipped(what, "no fsdax mount (HMM_DAX_DIR)");
		return;
	}
	snprintf(path, sizeof(path), "%s/compound-table", dir);
	file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (file < 0 || posix_fallocate(file, 0, 2 * SZ_2M)) {
		skipped(what, "cannot create the file");
		return;
	}
	map = mmap(NULL, 2 * SZ_2M, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p = (char *)(((uintptr_t)map + SZ_2M - 1) & ~(SZ_2M - 1));
	p = mmap(p, SZ_2M, PROT_READ | PROT_WRITE,
		 MAP_SHARED_VALIDATE | MAP_SYNC | MAP_FIXED, file, 0);
	if (p == MAP_FAILED) {
		skipped(what, strerror(errno));
	} else {
		memset(p, 1, SZ_2M);
		snap_row(fd, what, p, SZ_2M);
	}
	close(file);
	unlink(path);
}

int main(void)
{
	struct hmm_dmirror_cmd cmd = { 0 };
	int fd = open(device, O_RDWR);
	char *p;

	if (fd < 0) {
		printf("cannot open %s: %s\n", device, strerror(errno));
		return 1;
	}
	printf("What a device sees through hmm_range_fault() (dmirror snapshot)\n");
	printf("%-38s %7s  %s\n", "CPU mapping", "entries", "count x flags");

	p = thp();
	if (p) {
		snap_row(fd, "anon THP, written", p, SZ_2M);
		mprotect(p, SZ_2M, PROT_READ);
		snap_row(fd, "anon THP, mprotect(PROT_READ)", p, SZ_2M);
	} else {
		skipped("anon THP", "no THP");
	}

	p = thp();
	if (p) {
		mprotect(p + 256 * PAGE, PAGE, PROT_READ);
		snap_row(fd, "anon THP, one 4K page made read-only", p, SZ_2M);
	}

	/* The folio stays one order-9 folio: its split is deferred */
	p = thp();
	if (p) {
		madvise(p + 256 * PAGE, PAGE, MADV_DONTNEED);
		p[256 * PAGE] = 2;
		snap_row(fd, "anon THP, one 4K page zapped, faulted", p, SZ_2M);
	}

	/* A read fault maps the huge zero folio: a special PMD */
	p = mmap(NULL, 2 * SZ_2M, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		volatile char *q = (char *)(((uintptr_t)p + SZ_2M - 1) & ~(SZ_2M - 1));

		if (!madvise((char *)q, SZ_2M, MADV_HUGEPAGE) && !*q)
			snap_row(fd, "anon, read only (huge zero folio)", (char *)q, SZ_2M);
	}

	fork_rows(fd);
	hugetlb_row(fd, "hugetlb 2M page", SZ_2M);
	hugetlb_row(fd, "hugetlb 1G page", SZ_1G);
	fsdax_row(fd);

	p = thp();
	if (p) {
		void *copy = malloc(SZ_2M);

		cmd.addr = (uintptr_t)p;
		cmd.ptr = (uintptr_t)copy;
		cmd.npages = SZ_2M / PAGE;
		if (copy && !ioctl(fd, HMM_DMIRROR_MIGRATE_TO_DEV, &cmd))
			snap_row(fd, "anon THP, migrated to device-private", p, SZ_2M);
		else
			skipped("anon THP, migrated to device-private", strerror(errno));
		free(copy);
	}
	printf("Rows whose meaning changed from 6.12 to 7.3: fsdax (6.12: a PMD over\n"
	       "order-0 pages, no COMPOUND; 7.3: one PMD-order folio, COMPOUND) and the\n"
	       "device-private THP (6.12: 4K device-private entries; 7.3: one\n"
	       "device-private PMD entry, COMPOUND).\n");
	return 0;
}
