#!/usr/bin/env python3
"""Stage: the benchmark's tables, from the boots of stages/bench.sh.

  bench-report.py [--logs DIR]

Reads DIR/<boot>/results.log (default build/BASE/logs/bench) of the boots
icount-bench-base (hmm-bench flag) and icount-bench (hmm-bench flag and
consumer), both under QEMU's instruction counting, and prints:

 1. what HMM_PFN_COMPOUND costs in hmm_range_fault(): ns (instructions) per
    4K entry, base against patched, per leaf type and size, with the memmap
    cache lines the flag reads per leaf, counted from the code;
 2. what four consumers of the same mappings get: device entries, table
    memory, fault time, and the pages the device maps differently from the
    CPU, which the kernel counts by checking every device-visible page.

The goals are stated with each table as met, NOT met, or not decided when a
row they need was skipped; they do not decide the exit status (a benchmark
measures, it does not pass or fail). The exit status is 1 only if a table
cannot be made: a boot or a row is missing, or a row reports a failure.
"""
import argparse
import contextlib
import io
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, 'stages'))
report = __import__('report')	# its parser of the guest's results port
BASE = os.environ.get('BASE') or open(os.path.join(TOP, 'config', 'bases', 'primary')).read().strip()
BUILD = os.environ.get('BUILD', os.path.join(TOP, 'build', BASE))

RATIO_GOAL = 1.01	# patched over base, per 4K entry, every leaf type and size
FLAT_GOAL = 0.05	# spread of the patched ns per entry across the sizes
UNTOUCHED = 'anon-4k'	# the PTE path, which the series does not change

# Pages per leaf, and the memmap cache lines that computing the flag reads
# per leaf, counted from the patched mm/hmm.c: hmm_pmd_maps_folio() and
# hmm_pud_maps_folio() look at the entry and the vma only, the hugetlb walker
# sets the flag for every leaf, the device-private PMD path sets it from the
# entry's type, and the PTE walker never sets it.
LEAVES = {
	'anon-thp': (512, 0, 'PMD walker: pmd_special(), is_huge_zero_pmd(), vm_flags'),
	'hugetlb-pmd': (512, 0, 'hugetlb walker: the leaf type alone'),
	'hugetlb-pud': (262144, 0, 'hugetlb walker: the leaf type alone'),
	'devdax-pud': (262144, 0, 'PUD walker: pud_special(), vm_flags'),
	'anon-4k': (1, 0, 'PTE walker: never set'),
	'device-thp': (512, 0, 'device-private PMD entry: the entry type alone'),
}
CONSUMERS = ('4k', 'map-order', 'folio', 'compound')
MUST_BE_RIGHT = ('4k', 'map-order', 'compound')

problems = []


def rows(logdir, boot, suite):
	"""The data rows of SUITE in BOOT's results, as lists of columns."""
	path = os.path.join(logdir, boot, 'results.log')
	try:
		with open(path, errors='replace') as f:
			suites, _ = report.sections(f)
	except OSError:
		problems.append(f'{boot}: no {os.path.relpath(path, TOP)}')
		return [], []
	lines = suites.get(suite, {}).get('lines', [])
	out = [l.split() for l in lines if l.strip() and not l.startswith('#')]
	comments = [l for l in lines if l.startswith('#')]
	if not out:
		problems.append(f'{boot}: no rows of {suite}')
	return out, comments


def check_clock(boot, comments):
	clock = [c for c in comments if c.startswith('# clocksource:')]
	if clock and 'tsc' not in clock[0]:
		problems.append(f'{boot}: the guest did not clock with its TSC ({clock[0][2:]})')
	kernel = [c[len('# kernel: '):].split()[0] for c in comments if c.startswith('# kernel:')]
	return kernel[0] if kernel else '?'


def failed(status):
	return not status.startswith(('ok', 'warn:retries', 'skip:'))


def flag_rows(logdir, boot):
	"""{(leaf, size_mb): row} of table 1 from one boot, and its kernel."""
	data, comments = rows(logdir, boot, 'hmm-bench-flag')
	table = {}
	for r in data:
		if r[0] != 'flag' or len(r) < 13:
			continue
		table[(r[1], int(r[2]))] = r
		if failed(r[12]):
			problems.append(f'{boot}: flag {r[1]} {r[2]}MB: {r[12]}')
	return table, check_clock(boot, comments)


def num(row, col):
	try:
		return float(row[col])
	except (ValueError, IndexError, TypeError):
		return None


def size_s(mb):
	return f'{mb}M' if mb < 1024 else f'{mb // 1024}G'


def goal(name, ok, detail, undecided=None):
	if undecided:
		verdict = f'not decided ({undecided})'
	else:
		verdict = 'met' if ok else 'NOT met'
	print(f'Goal: {name}: {verdict}{f" ({detail})" if detail and not undecided else ""}')


def table_flag(logdir):
	base, kb = flag_rows(logdir, 'icount-bench-base')
	patched, kp = flag_rows(logdir, 'icount-bench')
	print('Table 1. What the flag costs: hmm_range_fault() over one whole populated range')
	print('(HMM_DMIRROR_TIME_RANGE_FAULT), ns per 4K entry under QEMU instruction counting,')
	print('where 1 ns is 1 instruction; one kernel repeats to about 0.1% from boot to boot.')
	print('Median of the per-ioctl medians.')
	print(f'base: {kb}, the flag series\' parent; patched: {kp}, its tip.')
	print('+insn/leaf: instructions the patched kernel adds per leaf it walks. memmap: cache lines of')
	print('the memmap that computing the flag reads per leaf, counted from the code.')
	print()
	print(f'{"leaf":12} {"size":>5} | {"base":>8} {"patched":>8} {"ratio":>7} {"+insn/leaf":>10} | '
	      f'{"huge%":>5} {"comp%":>5} | memmap')
	ratios, flat, skipped = {}, {}, []
	for leaf, (per_leaf, lines, why) in LEAVES.items():
		sizes = sorted({k[1] for k in list(base) + list(patched) if k[0] == leaf})
		if not sizes:
			problems.append(f'table 1: no rows for {leaf}')
		per_size = []
		for size in sizes:
			b, p = base.get((leaf, size)), patched.get((leaf, size))
			mb, mp = num(b, 5), num(p, 5)
			if mb is None or mp is None:
				st = (p or b or [''] * 13)[12]
				if not st.startswith('skip:'):
					problems.append(f'table 1: {leaf} {size}MB: no figure for both kernels')
				reason = st[len('skip:'):] if st.startswith('skip:') else st
				skipped.append((leaf, size))
				print(f'{leaf:12} {size_s(size):>5} | not measured: {reason}')
				continue
			ratio = mp / mb
			ratios[(leaf, size)] = ratio
			per_size.append(mp)
			# Instructions added per leaf the walk visits: a range smaller
			# than one leaf visits one.
			entries = size * 256
			added = (mp - mb) * entries / max(1, entries // per_leaf)
			added = 0.0 if abs(added) < 0.05 else added
			print(f'{leaf:12} {size_s(size):>5} | {mb:8.3f} {mp:8.3f} {ratio:7.4f} {added:+10.1f} | '
			      f'{p[10]:>5} {p[11]:>5} | {lines} ({why})')
		if len(per_size) > 1:
			flat[leaf] = (max(per_size) - min(per_size)) / min(per_size)
	print()
	worst = max(ratios.items(), key=lambda kv: kv[1]) if ratios else None
	measured_skips = [f'{l} {size_s(s)}' for l, s in skipped]
	goal(f'patched/base at most {RATIO_GOAL} for every leaf type and size',
	     worst and worst[1] <= RATIO_GOAL,
	     worst and f'worst {worst[1]:.4f}, {worst[0][0]} {size_s(worst[0][1])}',
	     ', '.join(measured_skips) + ' not measured' if measured_skips else None)
	untouched = [r for (l, _), r in ratios.items() if l == UNTOUCHED]
	goal(f'{UNTOUCHED} (the PTE walker, unchanged) at ratio 1.000',
	     untouched and all(round(r, 3) == 1.0 for r in untouched),
	     untouched and ', '.join(f'{r:.4f}' for r in untouched),
	     None if untouched else f'{UNTOUCHED} not measured')
	if flat:
		worst_flat = max(flat.items(), key=lambda kv: kv[1])
		goal(f'ns per entry flat across sizes (spread at most {FLAT_GOAL:.0%})',
		     worst_flat[1] <= FLAT_GOAL,
		     f'largest spread {worst_flat[1]:.1%}, {worst_flat[0]}')
	goal('no memmap read for the flag on THP and hugetlb leaves',
	     all(LEAVES[l][1] == 0 for l in ('anon-thp', 'hugetlb-pmd', 'hugetlb-pud')),
	     'counted from the code: the leaf type decides')
	print()


def table_consumer(logdir):
	data, comments = rows(logdir, 'icount-bench', 'hmm-bench-consumer')
	check_clock('icount-bench', comments)
	table, order = {}, []
	for r in data:
		if r[0] != 'consumer' or len(r) < 12:
			continue
		if r[1] not in order:
			order.append(r[1])
		table[(r[1], r[2])] = r
		if failed(r[11]):
			problems.append(f'consumer {r[1]} {r[2]}: {r[11]}')
	print('Table 2. What a driver gets: dmirror maps the same range as four consumers would')
	print('(HMM_DMIRROR_CONSUMER, read fault; device leaves of 4K, PMD and PUD size):')
	print('4k: one entry per 4K page; map-order: hmm_pfn_to_map_order() (nouveau, xe,')
	print('drm_gpusvm); folio: folio_order(page_folio(page)) (mshv_chunk_stride() before its')
	print('fix); compound: the map order where HMM_PFN_COMPOUND is set. table KB: 4K per')
	print('level table. fault us: hmm_range_fault() and filling the table, median, under')
	print('icount (1 us = 1000 instructions). wrong page / wrong perm: device-visible 4K pages')
	print('the kernel found mapped to another page than the CPU maps, or with another write')
	print('permission, checking every page of every device entry.')
	print()
	print(f'{"mapping":20} {"size":>5} {"consumer":9} | {"entries":>7} {"large":>6} {"table KB":>8} '
	      f'{"fault us":>9} | {"checked":>7} {"wrong page":>10} {"wrong perm":>10}')
	wrong, skipped, differ = [], [], []
	for m in order:
		for c in CONSUMERS:
			r = table.get((m, c))
			if not r:
				problems.append(f'table 2: no row for {m} / {c}')
				continue
			if r[4] == '-':
				reason = r[11][len('skip:'):] if r[11].startswith('skip:') else r[11]
				skipped.append(f'{m}/{c}')
				print(f'{m:20} {size_s(int(r[3])):>5} {c:9} | not measured: {reason}')
				continue
			wp, wq = int(r[8]), int(r[9])
			if wp or wq:
				wrong.append((m, c, wp, wq))
			print(f'{m:20} {size_s(int(r[3])):>5} {c:9} | {r[4]:>7} {r[5]:>6} {float(r[6]):8.1f} '
			      f'{float(r[10]):9.1f} | {r[7]:>7} {wp:>10} {wq:>10}')
		a, b = table.get((m, 'map-order')), table.get((m, 'compound'))
		if a and b and a[4] != '-' and b[4] != '-' and (a[4], a[5]) != (b[4], b[5]):
			differ.append(m)
	print()
	bad = [w for w in wrong if w[1] in MUST_BE_RIGHT]
	goal('no wrong page or permission for 4k, map-order and compound on any mapping',
	     not bad, ', '.join(f'{m}/{c}: {p} pages, {q} perms' for m, c, p, q in bad) or 'all 0',
	     ', '.join(s for s in skipped if s.split('/')[1] in MUST_BE_RIGHT) + ' not measured'
	     if any(s.split('/')[1] in MUST_BE_RIGHT for s in skipped) else None)
	folio = [w for w in wrong if w[1] == 'folio']
	print('Where the folio-size rule gets it wrong: ' +
	      (', '.join(f'{m} ({p} wrong page{"s" * (p != 1)}, {q} wrong perm{"s" * (q != 1)})'
			 for m, _, p, q in folio) if folio else 'nowhere in these mappings'))
	print('compound against map-order: ' +
	      (f'different entries on {", ".join(differ)}' if differ else
	       'the same entries on every mapping measured here'))
	print()


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument('--logs', default=os.path.join(BUILD, 'logs', 'bench'))
	args = ap.parse_args()
	# The tables go to stdout and to DIR/tables.txt, which the README quotes.
	out = io.StringIO()
	with contextlib.redirect_stdout(out):
		table_flag(args.logs)
		table_consumer(args.logs)
	sys.stdout.write(out.getvalue())
	if os.path.isdir(args.logs):
		with open(os.path.join(args.logs, 'tables.txt'), 'w') as f:
			f.write(out.getvalue())
	if problems:
		for p in problems:
			print(f'FAILED: {p}')
		return 1
	print(f'Logs: {os.path.relpath(args.logs, TOP)}/; both guests ran under QEMU instruction '
	      'counting: ratios and counts hold, absolute times are instructions.')
	return 0


if __name__ == '__main__':
	sys.exit(main())
