# The bench for the HMM_PFN_COMPOUND series: from a fresh Debian 12 machine
# to a patched 6.12 kernel, booted in QEMU, with the HMM tests' results.
#
#   make            the main job: build the patched kernel, boot it, show
#                   the flag at work and the test results
#   make check      every test and gate (what CI runs)
#   make bench      the benchmarks' tables, base against patched kernel
#
# Each stage is one script in stages/ and can be run alone; every kernel
# configuration (config/kernel/builds) has its own incremental build
# directory under build/out/. Nothing outside build/ is generated.

SHELL := /bin/bash
S := stages
K ?= test
# What the main job and the developer loop run in the guest; make check
# runs every suite of config/suites (also the kernel's own mm selftests).
SUITES ?= hmm-tests,compound-table
export SUITES
export RUN_START := $(shell date +%s)

.PHONY: all packages tree config build guest run report summary \
	export reset-tree retest check bench kunit distclean help

## The main job
all: report summary

packages:
	@$(S)/packages.sh
tree: packages
	@$(S)/tree.sh
	@$(S)/series.sh
config: tree
	@$(S)/config.sh $(K)
build: config
	@$(S)/build.sh $(K)
guest: build
	@$(S)/guest.sh $(K)
run: guest
	@$(S)/run.sh $(K)
report: run
	@$(S)/report.py $(K)
summary:
	@$(S)/summary.py $(K)

## The test gate: everything, and what CI runs (.ci/run)
# The walk builds the series patch by patch (the base step becomes the base
# kernel) and runs the gate's per-step checks; then the whole-series checks,
# the debug kernel, the guests (patched, base, debug), the comparison, the
# bench's own tests, and one summary. Every stage runs even if an earlier one
# failed, so the summary is complete; the summary's exit status is the verdict.
WALK_CHECKS := gate/objects.sh gate/kernel-doc.sh gate/selftests.sh gate/htmldocs.sh \
	gate/coccinelle.sh
check: tree
	-@WALK_CHECKS="$(WALK_CHECKS)" $(S)/walk.sh
	-@gate/checkpatch.sh
	-@gate/git-am.sh
	-@gate/maintainers.sh
	-@$(S)/config.sh debug && $(S)/build.sh debug
	-@$(S)/guest.sh test && SUITES=all $(S)/run.sh test; $(S)/report.py test
	-@$(S)/guest.sh base && SUITES=all $(S)/run.sh base; $(S)/report.py base --label "base (unpatched)"
	-@$(S)/compare.py base test
	-@$(S)/guest.sh debug && SUITES=hmm-tests $(S)/run.sh debug; $(S)/report.py debug --label "debug (KASAN, lockdep, DEBUG_VM)"
	-@tests/run.sh
	@$(S)/summary.py test debug --reference base --gate

## Developer loop: edit and commit in build/src/linux, then
retest:				# rebuild incrementally, boot, report
	@$(S)/build.sh $(K) && $(S)/guest.sh $(K) && $(S)/run.sh $(K) && $(S)/report.py $(K)
export:				# write the tree's commits back to patches/
	@$(S)/export.sh
reset-tree:			# drop the tree's commits, re-apply patches/
	@rm -f build/state/series.applied
	@git -C build/src/linux checkout -q -B hmm-compound base
	@$(S)/series.sh

## The benchmarks (not part of check, which only smoke-tests hmm-bench):
# what the flag costs in hmm_range_fault() and what a driver that uses it
# gains, from boots of the base and the patched kernel (stages/bench.sh)
bench: build
	@$(S)/bench.sh
	@$(S)/bench-report.py

## KUnit the kernel's way: kunit.py builds its own kernel and boots it
kunit: tree
	@$(S)/kunit.sh

distclean:
	rm -rf build

help:
	@sed -n '1,/^$$/p' Makefile
