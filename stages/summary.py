#!/usr/bin/env python3
"""Stage 7b: the summary at the end of make and make check.

  summary.py RUN [RUN...]             (make: the runs of base $BASE)
  summary.py --check PRIMARY [BASE...] (make check: every base)

For each guest run (build/BASE/logs/run-RUN/results.json, from report.py):
the passed/failed/skipped counts per suite and the text sections (the flag at
work). With --check, one section per base: the primary base's runs (patched,
debug) and its full gate, each backport line's patched run and its checks,
the unpatched base of each shown as a reference but not counted. Then the
base's package, the accelerator, the wall time of each stage of this make
invocation, and the gate checks it wrote (build/BASE/state/gate/, one
'name status detail' line each); a check the gate is made of that did not
report counts as failed. The last line is exactly
'N passed, N failed, N skipped'.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START = int(os.environ.get('RUN_START', '0'))


def read(path, default=''):
	try:
		with open(path) as f:
			return f.read().strip()
	except OSError:
		return default


def base_file(base, rel):
	own = os.path.join(TOP, 'config', 'bases', base, rel)
	return own if os.path.exists(own) else os.path.join(TOP, 'config', rel)


def this_invocation(path):
	return os.path.getmtime(path) >= START


class Totals:
	def __init__(self):
		self.n = {'passed': 0, 'failed': 0, 'skipped': 0}
		self.bad = []

	def fail(self, what):
		self.n['failed'] += 1
		self.bad.append(what)


def show_runs(build, runs, references, totals):
	for name in references + runs:
		counted = name in runs
		logdir = os.path.join(build, 'logs', 'run-' + name)
		try:
			with open(os.path.join(logdir, 'results.json')) as f:
				run = json.load(f)
		except OSError:
			run = None
		if run is None or (START and not this_invocation(os.path.join(logdir, 'results.json'))):
			print(f'{name}: no results of this run ({os.path.relpath(logdir, TOP)}/results.json)')
			if counted:
				totals.fail(f'{name}: no results')
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
					for k in totals.n:
						totals.n[k] += s[k]
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
			totals.fail(f'{label}: {len(run["problems"])} problem(s)')
		accel = read(os.path.join(logdir, 'accel'), '?')
		secs = read(os.path.join(logdir, 'seconds'), '?')
		print(f'  guest: QEMU {accel}, {secs}s; logs in {os.path.relpath(logdir, TOP)}/')


def expected_checks(base, gate):
	"""The checks a base's gate is made of: all must report in this run."""
	if gate == 'line':
		return ['bisect', 'git-am', 'base-vs-test']
	checks = ['bisect', 'checkpatch', 'git-am', 'maintainers', 'send-email',
		  'kernel-doc', 'selftests', 'htmldocs', 'coccinelle', 'base-vs-test']
	with open(base_file(base, 'gate-objects')) as f:
		checks += ['objects:' + l.split()[0] for l in f
			   if l.strip() and not l.startswith('#')]
	mutants = base_file(base, 'mutants')
	if os.path.isdir(mutants):
		checks += ['mutants'] + ['mutant:' + m[:-5] for m in sorted(os.listdir(mutants))
					 if m.endswith('.diff')]
	checks += ['bench:' + t[:-3] for t in sorted(os.listdir(os.path.join(TOP, 'tests')))
		   if t.endswith('.sh') and t not in ('lib.sh', 'run.sh')]
	return checks


def show_gate(build, base, gate, totals):
	print(f'--- gate: {base} ---')
	gdir = os.path.join(build, 'state', 'gate')
	lines = [read(os.path.join(gdir, f)) for f in sorted(os.listdir(gdir))
		 if this_invocation(os.path.join(gdir, f))] if os.path.isdir(gdir) else []
	have = {l.split()[0] for l in lines if l.split()}
	for check in expected_checks(base, gate):
		if check not in have:
			lines.append(f'{check} FAIL did not run (see the output above)')
	for line in lines:
		check, status, detail = (line.split(None, 2) + ['', ''])[:3]
		print(f'  {check:<36} {status:<5} {detail}')
		if status == 'ok':
			totals.n['passed'] += 1
		elif status == 'skip':
			totals.n['skipped'] += 1
		else:
			totals.fail(f'gate {base} {check}: {detail}')


def show_build(build, base):
	state = os.path.join(build, 'state')
	conf = read(os.path.join(TOP, 'config', 'bases', base, 'base.conf'))
	pkg = (re.search(r'^PACKAGE=(\S+)', conf, re.M) or [None, '?'])[1]
	suite = (re.search(r'^SUITE=(\S+)', conf, re.M) or [None, '?'])[1]
	kv = read(os.path.join(state, 'base.kernelversion'), '?')
	dv = read(os.path.join(state, 'base.version'), '?')
	print(f'  base {base}: Linux {kv}, Debian {pkg} {dv} ({suite})')
	warning = read(os.path.join(state, 'base.warning'))
	if warning:
		print(f'  !!! {warning.upper()} !!!')
	tdir = os.path.join(state, 'time')
	times = sorted((os.path.getmtime(os.path.join(tdir, f)), f, read(os.path.join(tdir, f)))
		       for f in (os.listdir(tdir) if os.path.isdir(tdir) else [])
		       if this_invocation(os.path.join(tdir, f)))
	if times:
		print('  stage times (this invocation):')
		for _, f, t in times:
			print(f'    {f:<34} {t:>5}s')


def toolchain():
	def first(cmd):
		try:
			out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
			return (out.stdout or out.stderr).splitlines()[0].strip()
		except (OSError, IndexError, subprocess.SubprocessError):
			return 'not found'
	sparse = os.environ.get('SPARSE', os.path.join(TOP, 'build', 'tools', 'bin', 'sparse'))
	print(f'  clang: {first(["clang-19", "--version"])}')
	print(f'  sparse: {first([sparse, "--version"])} ({os.path.relpath(sparse, TOP)})')
	print(f'  spatch: {first(["spatch", "--version"])}')


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument('--check', action='store_true',
			help='make check: the bases named, the first with its full gate')
	ap.add_argument('names', nargs='+')
	args = ap.parse_args()
	totals = Totals()
	print()
	print('=' * 72)
	if args.check:
		for i, base in enumerate(args.names):
			build = os.path.join(TOP, 'build', base)
			kind = 'full' if i == 0 else 'line'
			print(f'=== base {base}: {"primary, the full gate" if i == 0 else "backport line"} ===')
			show_runs(build, ['test', 'debug'] if kind == 'full' else ['test'], ['base'], totals)
			show_gate(build, base, kind, totals)
			show_build(build, base)
		print('--- toolchain ---')
		toolchain()
	else:
		base = os.environ.get('BASE') or read(os.path.join(TOP, 'config', 'bases', 'primary'))
		build = os.path.join(TOP, 'build', base)
		print(f'=== base {base} ===')
		show_runs(build, args.names, [], totals)
		print('--- build ---')
		show_build(build, base)
	if START:
		print(f'  total: {int(time.time()) - START}s')
	for b in totals.bad:
		print(f'FAILED: {b}')
	n = totals.n
	print(f'{n["passed"]} passed, {n["failed"]} failed, {n["skipped"]} skipped')
	return 1 if n['failed'] else 0


if __name__ == '__main__':
	sys.exit(main())
