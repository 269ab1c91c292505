#!/usr/bin/env python3
"""Stage: the benchmark's tables, from the boots of stages/bench.sh.

  bench-report.py [--logs DIR]

Reads DIR/<boot>/results.log (default build/BASE/logs/bench) of the boots
icount-bench-base, icount-test, tcg-bench-base (hmm-bench flag) and
tcg-test (hmm-bench flag and consumer), and prints:

 1. what HMM_PFN_COMPOUND costs in hmm_range_fault(): ns per 4K entry, base
    against patched, under icount (where a ns is an instruction and a run
    repeats exactly, so the ratio counts) and in plain TCG beside it;
 2. what a driver that uses the flag gains: device entries, the table's
    memory and the device fault time, 4K entries against compound entries.

The goals are stated with each table as met or not met; they do not decide
the exit status (a benchmark measures, it does not pass or fail). The exit
status is 1 only if a table cannot be made: a boot or a row is missing, or
a row reports a failure.
"""
import argparse
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, 'stages'))
report = __import__('report')	# its parser of the guest's results port
BASE = os.environ.get('BASE') or open(os.path.join(TOP, 'config', 'bases', 'primary')).read().strip()
BUILD = os.environ.get('BUILD', os.path.join(TOP, 'build', BASE))

WALK_GOAL = 1.01	# patched over base, per 4K entry
ENTRY_GOAL = 512	# 4K entries over compound entries, PMD-mapped memory
FAULT_GOAL = 10		# 4K fault time over compound fault time

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


def flag_rows(logdir, boot):
	"""{(path, size_mb): row} of table 1 from one boot."""
	data, comments = rows(logdir, boot, 'hmm-bench-flag')
	table = {}
	for r in data:
		if r[0] != 'flag' or len(r) < 13:
			continue
		table[(r[1], int(r[2]))] = r
		if not r[12].startswith(('ok', 'warn:retries')):
			problems.append(f'{boot}: flag {r[1]} {r[2]}MB: {r[12]}')
	clock = [c for c in comments if c.startswith('# clocksource:')]
	if clock and 'tsc' not in clock[0]:
		problems.append(f'{boot}: the guest did not clock with its TSC ({clock[0][2:]})')
	return table


def num(row, col):
	try:
		return float(row[col])
	except (ValueError, IndexError, TypeError):
		return None


def table_flag(logdir):
	ib = flag_rows(logdir, 'icount-bench-base')
	ip = flag_rows(logdir, 'icount-test')
	tb = flag_rows(logdir, 'tcg-bench-base')
	tp = flag_rows(logdir, 'tcg-test')
	print('Table 1. What the flag costs: hmm_range_fault() over PMD-mapped anonymous THP,')
	print('ns per 4K entry, base (6.12 + the timing ioctl only) against patched.')
	print('icount: QEMU counts instructions (1 ns = 1 instruction), runs repeat exactly;')
	print('plain TCG: wall clock, median [q1-q3] of the per-ioctl medians.')
	print('walk = one hmm_range_fault() over the whole range (HMM_DMIRROR_TIME_RANGE_FAULT);')
	print('snapshot = HMM_DMIRROR_SNAPSHOT (64 pages per walk, a notifier per walk, and')
	print('dmirror formatting every entry), timed around the ioctl.')
	print()
	print(f'{"path":9} {"size":>6} | {"icount base":>11} {"patched":>9} {"ratio":>7} {"+insn/2MB":>9} |'
	      f' {"TCG base":>20} {"TCG patched":>20} {"ratio":>6}')
	worst = {}
	for path in ('walk', 'snapshot'):
		sizes = sorted({k[1] for k in ip if k[0] == path} | {k[1] for k in ib if k[0] == path})
		for size in sizes:
			b, p = ib.get((path, size)), ip.get((path, size))
			mb, mp = num(b, 5), num(p, 5)
			if mb is None or mp is None:
				problems.append(f'table 1: {path} {size}MB: no icount figure for both kernels')
				continue
			ratio = mp / mb
			worst[path] = max(worst.get(path, 0), ratio)
			tcg = []
			for r in (tb.get((path, size)), tp.get((path, size))):
				m, q1, q3 = num(r, 5), num(r, 6), num(r, 7)
				tcg.append((m, f'{m:.3f} [{q1:.2f}-{q3:.2f}]' if m is not None else '-'))
			tratio = f'{tcg[1][0] / tcg[0][0]:.3f}' if tcg[0][0] and tcg[1][0] else '-'
			size_s = f'{size}MB' if size < 1024 else f'{size // 1024}GB'
			print(f'{path:9} {size_s:>6} | {mb:11.3f} {mp:9.3f} {ratio:7.4f} {(mp - mb) * 512:+9.0f} |'
			      f' {tcg[0][1]:>20} {tcg[1][1]:>20} {tratio:>6}')
	print()
	walk = [num(ip.get(k), 5) for k in sorted(ip) if k[0] == 'walk']
	walk = [w for w in walk if w]
	if walk:
		flat = (max(walk) - min(walk)) / min(walk)
		print(f'Linear in the size: the patched walk\'s ns per entry varies by {flat * 100:.1f}% '
		      'from the smallest to the largest size.')
	print('+insn/2MB: the instructions the patched kernel adds per 2MB leaf (512 entries);')
	print('the same figure at every size means the added work is per PMD, not per entry.')
	for path in ('walk', 'snapshot'):
		if path in worst:
			ok = worst[path] <= WALK_GOAL
			print(f'Goal, {path}: patched/base at most {WALK_GOAL} at every size: '
			      f'{"met" if ok else "NOT met"} (worst {worst[path]:.4f})')
	print()


def table_consumer(logdir):
	data, _ = rows(logdir, 'tcg-test', 'hmm-bench-consumer')
	mode = {}
	for r in data:
		if r[0] == 'consumer' and len(r) >= 15:
			mode[(r[1], int(r[2]))] = r
			if r[14] != 'ok':
				problems.append(f'consumer {r[1]} {r[2]}MB: {r[14]}')
	print('Table 2. What a driver gains: device reads of PMD-mapped THP memory through')
	print('dmirror, one device entry per 4K page (4k) against one per compound page')
	print('(compound, test_hmm compound_entries=1), same boot, plain TCG. Fault time is')
	print('the kernel-measured device fault (median of the runs); table memory is the')
	print('XArray nodes of the device page table.')
	print()
	print(f'{"size":>6} | {"entries 4k":>10} {"compound":>9} {"ratio":>6} | {"table KB 4k":>11}'
	      f' {"compound":>9} {"ratio":>6} | {"fault us 4k":>11} {"compound":>9} {"ratio":>6}')
	worst_e, worst_f = None, None
	for size in sorted({k[1] for k in mode}):
		a, b = mode.get(('4k', size)), mode.get(('compound', size))
		if not a or not b or a[14] != 'ok' or b[14] != 'ok':
			problems.append(f'table 2: {size}MB: no figures for both modes')
			continue
		ea, eb = num(a, 3) + num(a, 4), num(b, 3) + num(b, 4)
		ka, kb = num(a, 5), num(b, 5)
		fa, fb = num(a, 9), num(b, 9)
		er, fr = ea / eb, fa / fb
		worst_e = er if worst_e is None else min(worst_e, er)
		worst_f = fr if worst_f is None else min(worst_f, fr)
		size_s = f'{size}MB' if size < 1024 else f'{size // 1024}GB'
		print(f'{size_s:>6} | {ea:10.0f} {eb:9.0f} {er:6.0f} | {ka:11.1f} {kb:9.1f} {ka / kb:6.1f} |'
		      f' {fa:11.1f} {fb:9.1f} {fr:6.1f}')
	print()
	if worst_e is not None:
		print(f'Goal: {ENTRY_GOAL} times fewer entries at every size: '
		      f'{"met" if worst_e >= ENTRY_GOAL else "NOT met"} (least {worst_e:.1f})')
		print(f'Goal: at least {FAULT_GOAL} times less fault time at every size: '
		      f'{"met" if worst_f >= FAULT_GOAL else "NOT met"} (least {worst_f:.1f})')
	print()


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument('--logs', default=os.path.join(BUILD, 'logs', 'bench'))
	args = ap.parse_args()
	table_flag(args.logs)
	table_consumer(args.logs)
	if problems:
		for p in problems:
			print(f'FAILED: {p}')
		return 1
	print(f'Logs: {os.path.relpath(args.logs, TOP)}/; the guests ran under QEMU TCG: '
	      'ratios count, absolute times do not.')
	return 0


if __name__ == '__main__':
	sys.exit(main())
