#!/usr/bin/env python3
"""Stage 7a: read one guest run and say whether it passed.

  report.py NAME [--label TEXT]

Reads build/BASE/logs/run-NAME/{console,results}.log. Every ktap section of the
results and the kernel's own KUnit output on the console are parsed with the
tree's kunit_parser. The console is scanned for what fails a run however the
tests ended: panic, oops, BUG, WARNING, KASAN, lockdep, hung tasks, a guest
that never finished. Writes results.json beside the logs (per-test status,
for comparisons) and prints one line per suite. Exits 1 if the run failed.
"""
import argparse
import inspect
import io
import json
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.environ.get('BASE') or open(os.path.join(TOP, 'config', 'bases', 'primary')).read().strip()
BUILD = os.environ.get('BUILD', os.path.join(TOP, 'build', BASE))
SRC = os.environ.get('SRC', os.path.join(BUILD, 'src', 'linux'))
sys.path.insert(0, os.path.join(SRC, 'tools', 'testing', 'kunit'))
import kunit_parser    # noqa: E402  (the tree's own KTAP parser)
import kunit_printer   # noqa: E402

# What in a kernel log fails a run even when every test printed ok.
KERNEL_REPORTS = re.compile(
	r'Kernel panic|kernel BUG at|BUG:|Oops|WARNING:|KASAN:|UBSAN:|KFENCE:|'
	r'general protection fault|Unable to handle|'
	r'possible (circular|recursive) locking|inconsistent lock state|'
	r'DEBUG_LOCKS_WARN_ON|suspicious RCU usage|bad unlock balance|'
	r'possible irq lock inversion|lock held when returning|'
	r'INFO: trying to register non-static key|'
	r'INFO: task .* blocked|soft lockup|hard LOCKUP|'
	r'rcu: INFO: .* stall|refcount_t: |list_(add|del) corruption|'
	r'page dumped because|Bad page|segfault at .* in (hmm|compound)')


FIGURE = re.compile(r'^# (stress|bad input): (.*)$')


def parse_ktap(lines, log_path):
	"""Parse KTAP lines with kunit_parser; return {test name: status}."""
	out = io.StringIO()
	# The printer is an argument since 6.13; before, a module global.
	if 'printer' in inspect.signature(kunit_parser.parse_run_tests).parameters:
		test = kunit_parser.parse_run_tests(lines, kunit_printer.Printer(output=out))
	else:
		kunit_parser.stdout = kunit_printer.Printer(out)
		test = kunit_parser.parse_run_tests(lines)
	with open(log_path, 'w') as f:
		f.write(re.sub(r'\x1b\[[0-9;]*m', '', out.getvalue()))
	cases = {}

	# A parameterised case (a test of a suite, three levels down) names
	# its parameters after itself: "hmm_test_compound_fault/read".
	def walk(t, prefix, depth):
		if t.subtests:
			inner = prefix + t.name + '/' if depth >= 2 and t.name else prefix
			for s in t.subtests:
				walk(s, inner, depth + 1)
		elif t.name:
			cases[prefix + t.name] = t.status.name
	walk(test, '', 0)
	return test.status.name, cases


def sections(results):
	"""Split the results port into suites: name -> (kind, lines, rc)."""
	suites, cur, done = {}, None, False
	for line in results:
		line = line.rstrip('\r\n')
		m = re.match(r'^@@bench begin (\S+) (\S+)$', line)
		if m:
			cur = m.group(1)
			suites[cur] = {'kind': m.group(2), 'lines': [], 'rc': None}
			continue
		m = re.match(r'^@@bench end (\S+) rc=(\d+)$', line)
		if m and cur == m.group(1):
			suites[cur]['rc'] = int(m.group(2))
			cur = None
			continue
		if line == '@@bench done':
			done = True
			continue
		if cur:
			suites[cur]['lines'].append(line)
	return suites, done


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument('name')
	ap.add_argument('--label', default='')
	ap.add_argument('--logs')
	args = ap.parse_args()
	logdir = args.logs or os.path.join(BUILD, 'logs', 'run-' + args.name)
	rel = os.path.relpath(logdir, TOP)
	label = args.label or args.name
	console_path = os.path.join(logdir, 'console.log')
	results_path = os.path.join(logdir, 'results.log')
	if not os.path.exists(console_path):
		print(f'[report {label}] FAILED: no console log in {rel}; did the run stage run?')
		return 1
	with open(console_path, errors='replace') as f:
		console = f.read().splitlines()
	results = []
	if os.path.exists(results_path):
		with open(results_path, errors='replace') as f:
			results = f.read().splitlines()

	# A verdict is made from this run's logs only, never from an older one.
	results_json = os.path.join(logdir, 'results.json')
	if os.path.exists(results_json):
		os.remove(results_json)
	problems = []
	report = {'name': args.name, 'label': label, 'suites': {}, 'problems': problems}
	suites, done = sections(results)
	if not done:
		last = [l for l in console if l.strip()][-3:]
		problems.append('guest did not finish (hang or crash); console ends: '
				+ ' | '.join(last))

	for name, s in suites.items():
		entry = {'kind': s['kind'], 'rc': s['rc']}
		with open(os.path.join(logdir, name + '.log'), 'w') as f:
			f.write('\n'.join(s['lines']) + '\n')
		if s['rc'] is None:
			problems.append(f'suite {name} did not end (see {rel}/{name}.log)')
		if s['kind'] == 'ktap':
			# Figures a test prints for the summary: '# stress: ...'.
			for l in s['lines']:
				m = FIGURE.match(l)
				if m:
					report.setdefault('figures', {}).setdefault(
						m.group(1), []).append(m.group(2))
			try:
				status, cases = parse_ktap(s['lines'], os.path.join(logdir, name + '.parsed'))
			except Exception as e:	# the parser gives up on broken KTAP
				status, cases = 'FAILURE_TO_PARSE_TESTS', {}
				problems.append(f'suite {name}: KTAP the parser cannot read ({e})')
			entry['status'], entry['cases'] = status, cases
			if not cases:
				problems.append(f'suite {name}: no test results ({status})')
			if s['rc'] not in (0, None) and not any(v == 'FAILURE' for v in cases.values()):
				problems.append(f'suite {name} exited {s["rc"]} without a failed test')
		else:
			entry['text'] = s['lines']
			if s['rc'] not in (0, None):
				problems.append(f'suite {name} exited {s["rc"]} (see {rel}/{name}.log)')
		report['suites'][name] = entry

	# KUnit suites built into the kernel report on the console at boot.
	if any('KTAP version' in l for l in console):
		status, cases = parse_ktap(console, os.path.join(logdir, 'kunit.parsed'))
		if status != 'NO_TESTS':
			report['suites']['kunit'] = {'kind': 'ktap', 'status': status,
						     'cases': cases, 'rc': 0}
			if not cases:
				problems.append(f'kunit: no results ({status})')

	kernel = [l.strip() for l in console if KERNEL_REPORTS.search(l)]
	for l in kernel[:10]:
		problems.append('kernel log: ' + l)
	if len(kernel) > 10:
		problems.append(f'kernel log: {len(kernel) - 10} more reports in {rel}/console.log')

	for name, s in report['suites'].items():
		c = s.get('cases')
		if c is None:
			continue
		s['passed'] = sum(v == 'SUCCESS' for v in c.values())
		s['skipped'] = sum(v == 'SKIPPED' for v in c.values())
		s['failed'] = len(c) - s['passed'] - s['skipped']
	with open(results_json, 'w') as f:
		json.dump(report, f, indent=1, sort_keys=True)

	for name, s in report['suites'].items():
		if 'cases' in s:
			print(f'[report {label}] {name:<24} {s["passed"]:4} passed {s["failed"]:4} failed {s["skipped"]:4} skipped')
			for case, st in sorted(s['cases'].items()):
				if st not in ('SUCCESS', 'SKIPPED'):
					print(f'[report {label}]   {st.lower()}: {case}')
	for p in problems:
		print(f'[report {label}] FAILED: {p}')
	failed = problems or any(s.get('failed') for s in report['suites'].values())
	print(f'[report {label}] {"FAILED" if failed else "ok"}: logs in {rel}/')
	return 1 if failed else 0


if __name__ == '__main__':
	sys.exit(main())
