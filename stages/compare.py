#!/usr/bin/env python3
"""Gate: every test that passes on the base kernel passes on the patched one.

  compare.py BASE PATCHED

Reads build/BASE/logs/run-{BASE,PATCHED}/results.json (from report.py) and writes
the gate line build/BASE/state/gate/base-vs-patched. A test that passes on the base
and fails, is skipped or is missing on the patched kernel fails the gate.
"""
import json
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.environ.get('BASE') or open(os.path.join(TOP, 'config', 'bases', 'primary')).read().strip()
BUILD = os.environ.get('BUILD', os.path.join(TOP, 'build', BASE))


def cases(name):
	with open(os.path.join(BUILD, 'logs', 'run-' + name, 'results.json')) as f:
		run = json.load(f)
	return {f'{suite}: {case}': st
		for suite, s in run['suites'].items()
		for case, st in s.get('cases', {}).items()}


def main():
	base_name, new_name = sys.argv[1:3]
	check = f'{base_name}-vs-{new_name}'
	try:
		base, new = cases(base_name), cases(new_name)
	except OSError as e:
		status, detail = 'FAIL', f'missing results: {e.filename}'
	else:
		passing = [c for c, st in base.items() if st == 'SUCCESS']
		lost = [c for c in passing if new.get(c) != 'SUCCESS']
		for c in lost:
			print(f'[compare] passes on {base_name}, {new.get(c, "missing").lower()} on {new_name}: {c}')
		added = len([c for c in new if c not in base])
		if not passing:
			status, detail = 'FAIL', f'no test passed on {base_name}: nothing to compare'
		elif lost:
			status, detail = 'FAIL', f'{len(lost)} of {len(passing)} tests that pass on {base_name} do not pass on {new_name}'
		else:
			status, detail = 'ok', f'all {len(passing)} tests that pass on {base_name} pass on {new_name} ({added} new)'
	os.makedirs(os.path.join(BUILD, 'state', 'gate'), exist_ok=True)
	with open(os.path.join(BUILD, 'state', 'gate', check), 'w') as f:
		f.write(f'{check} {status} {detail}\n')
	print(f'[compare] {check}: {status} ({detail})')
	return 0 if status == 'ok' else 1


if __name__ == '__main__':
	sys.exit(main())
