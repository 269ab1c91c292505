#!/usr/bin/env python3
"""Stage 7b: the summary at the end of make and make check.

  summary.py RUN [RUN...] [--gate] [--reference RUN]

For each guest run (build/logs/run-RUN/results.json, from report.py): the
passed/failed/skipped counts per suite and the text sections (the flag at
work). Then the base kernel, the accelerator, the wall time of each stage of
this make invocation, and the gate checks it wrote (build/state/gate/, one
'name status detail' line each). A --reference run (the unpatched base) is shown but not counted.
The last line is exactly 'N passed, N failed, N skipped'.
"""
import argparse
import json
import os
import re
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('BUILD', os.path.join(TOP, 'build'))
STATE = os.path.join(BUILD, 'state')


def read(path, default=''):
	try:
		with open(path) as f:
			return f.read().strip()
	except OSError:
		return default


def load_run(name):
	path = os.path.join(BUILD, 'logs', 'run-' + name, 'results.json')
	try:
		with open(path) as f:
			return json.load(f)
	except OSError:
		return None


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument('runs', nargs='+')
	ap.add_argument('--reference', action='append', default=[])
	ap.add_argument('--gate', action='store_true',
			help='add the gate checks written by this make invocation')
	args = ap.parse_args()
	totals = {'passed': 0, 'failed': 0, 'skipped': 0}
	bad = []

	print()
	print('=' * 72)
	for name in args.reference + args.runs:
		run = load_run(name)
		counted = name in args.runs
		if run is None:
			print(f'{name}: no results (build/logs/run-{name}/results.json)')
			if counted:
				totals['failed'] += 1
				bad.append(f'{name}: no results')
			continue
		label = run.get('label') or name
		# A smoke run's output is in its log; its verdict line is enough here.
		for section, s in run['suites'].items():
			if 'text' in s and not section.endswith('-smoke'):
				print(f'--- {section} ({label}) ---')
				print('\n'.join(s['text']))
		print(f'--- results: {label}{"" if counted else " (reference, not counted)"} ---')
		for section, s in run['suites'].items():
			if 'text' in s and section.endswith('-smoke'):
				verdict = s['text'][-1].lstrip('# ') if s['text'] else 'no output'
				print(f'  {section:<28} {verdict}')
			if 'cases' in s:
				print(f'  {section:<28} {s["passed"]:4} passed {s["failed"]:4} failed {s["skipped"]:4} skipped')
				if counted:
					for k in totals:
						totals[k] += s[k]
		figures = run.get('figures', {})
		for line in figures.get('stress', []):
			print(f'  stress: {line}')
		inputs = figures.get('bad input', [])
		if inputs:
			tried = sum(int(re.match(r'\d+', l).group()) for l in inputs
				    if re.match(r'\d+', l))
			print(f'  bad input: {tried} malformed or racing commands in {len(inputs)} test runs, each handled as expected')
		for p in run['problems']:
			print(f'  FAILED: {p}')
		if counted and run['problems']:
			totals['failed'] += 1
			bad.append(f'{label}: {len(run["problems"])} problem(s)')
		accel = read(os.path.join(BUILD, 'logs', 'run-' + name, 'accel'), '?')
		secs = read(os.path.join(BUILD, 'logs', 'run-' + name, 'seconds'), '?')
		print(f'  guest: QEMU {accel}, {secs}s; logs in build/logs/run-{name}/')

	if args.gate:
		print('--- gate ---')
		start = int(os.environ.get('RUN_START', '0'))
		gdir = os.path.join(STATE, 'gate')
		lines = [read(os.path.join(gdir, f)) for f in sorted(os.listdir(gdir))
			 if os.path.getmtime(os.path.join(gdir, f)) >= start] \
			if os.path.isdir(gdir) else []
		# Every check the gate is made of must have reported in this run.
		expected = ['bisect', 'checkpatch', 'git-am', 'maintainers', 'send-email',
			    'kernel-doc', 'selftests', 'htmldocs', 'coccinelle',
			    args.reference[0] + '-vs-' + args.runs[0] if args.reference else None]
		with open(os.path.join(TOP, 'config', 'gate-objects')) as f:
			expected += ['objects:' + l.split()[0] for l in f
				     if l.strip() and not l.startswith('#')]
		expected += ['bench:' + t[:-3] for t in sorted(os.listdir(os.path.join(TOP, 'tests')))
			     if t.endswith('.sh') and t not in ('lib.sh', 'run.sh')]
		have = {l.split()[0] for l in lines if l.split()}
		for check in expected:
			if check and check not in have:
				lines.append(f'{check} FAIL did not run (see the output above)')
		for line in lines:
			check, status, detail = (line.split(None, 2) + ['', ''])[:3]
			print(f'  {check:<36} {status:<5} {detail}')
			if status == 'ok':
				totals['passed'] += 1
			elif status == 'skip':
				totals['skipped'] += 1
			else:
				totals['failed'] += 1
				bad.append(f'gate {check}: {detail}')

	print('--- build ---')
	kv = read(os.path.join(STATE, 'base.kernelversion'), '?')
	dv = read(os.path.join(STATE, 'base.version'), '?')
	print(f'  base: Linux {kv}, Debian linux-source-6.12 {dv}')
	warning = read(os.path.join(STATE, 'base.warning'))
	if warning:
		print(f'  !!! {warning.upper()} !!!')
	start = int(os.environ.get('RUN_START', '0'))
	tdir = os.path.join(STATE, 'time')
	times = []
	for f in sorted(os.listdir(tdir)) if os.path.isdir(tdir) else []:
		p = os.path.join(tdir, f)
		if os.path.getmtime(p) >= start:
			times.append((os.path.getmtime(p), f, read(p)))
	if times:
		print('  stage times (this invocation):')
		for _, f, t in sorted(times):
			print(f'    {f:<34} {t:>5}s')
	if start:
		print(f'  total: {int(time.time()) - start}s')
	for b in bad:
		print(f'FAILED: {b}')
	print(f'{totals["passed"]} passed, {totals["failed"]} failed, {totals["skipped"]} skipped')
	return 1 if totals['failed'] else 0


if __name__ == '__main__':
	sys.exit(main())
