# The bench for the HMM_PFN_COMPOUND series: from a fresh Debian 12 machine
# to a patched Linux kernel, booted in QEMU, with the HMM tests' results.
#
#   make            the main job: build the patched kernel, boot it, show
#                   the flag at work and the test results
#   make check      every test and gate (what CI runs)
#   make bench      the benchmarks' tables, base against patched kernel
#
# Kernel bases: config/bases/ (one directory each; `primary` names the
# default), their series in patches/BASE/SERIES/. BASE=6.12 make ... works
# on another base. Each stage is one script in stages/ and can be run
# alone; every kernel configuration of a base (config/bases/BASE/kernel/
# builds) has its own incremental build directory, build/BASE/out/NAME.
# Nothing outside build/ is generated.

SHELL := /bin/bash
S := stages
PRIMARY := $(shell cat config/bases/primary)
BASE ?= $(PRIMARY)
# The backport lines: every other base.
BACKPORTS := $(filter-out $(PRIMARY),$(notdir $(patsubst %/base.conf,%,$(wildcard config/bases/*/base.conf))))
K ?= test
# What the main job and the developer loop run in the guest; make check
# runs every suite of the base's suites file (also the kernel's own mm
# selftests).
SUITES ?= hmm-tests,compound-table
export BASE SUITES
export RUN_START := $(shell date +%s)

.PHONY: all packages tools tree config build guest run report summary \
	export reset-tree retest mutants check check-full check-line check-line-build \
	check-line-guests bench kunit \
	fresh-root send distclean help

## The main job
all: report summary

packages:
	@$(S)/packages.sh
tools: packages
	@$(S)/tools.sh
tree: tools
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

## The test gate: everything, and what CI runs (.ci/run). Every stage runs
# even if an earlier one failed, so the summary is complete; the summary's
# exit status is the verdict. The backport lines are built in the
# background at the lowest priority (stages/background.sh) while the primary
# base runs, and their guests boot after it.
check: tools
	-@for b in $(BACKPORTS); do $(S)/background.sh start line-$$b \
		$(MAKE) -s --no-print-directory check-line-build BASE=$$b; done
	-@$(MAKE) -s --no-print-directory check-full BASE=$(PRIMARY)
	-@for b in $(BACKPORTS); do $(S)/background.sh show line-$$b; \
		$(MAKE) -s --no-print-directory check-line-guests BASE=$$b; done
	@$(S)/summary.py --check $(PRIMARY) $(BACKPORTS)

# The primary base, fully: the debug kernel builds in the background from
# the start, in a work tree of its own at the tip (stages/build-apart.sh),
# in what the walk leaves of the CPU (much of the walk's checks and all of
# its guests run on one core). The walk builds the series patch by patch
# (the base step becomes the base kernel) and runs the gate's per-step
# checks; then the whole-series checks, the guests (patched, base), the
# comparison, the bench's own tests and the mutation gate (the base's
# mutants of the core, each of which the flag's tests must kill; its guests
# ran 29 to 43 s against a 300 s limit, and the background jobs at nice
# 19 barely slow them). Then, once nothing runs in the background (a job
# that slows the guest could run a debug-kernel test past its 30 s), the
# debug kernel's guest.
WALK_CHECKS := gate/objects.sh gate/kernel-doc.sh gate/selftests.sh gate/htmldocs.sh \
	gate/coccinelle.sh
# The debug kernel runs hmm-tests, or what the base's debug-suites says.
DEBUG_SUITES = $(firstword $(wildcard $(CURDIR)/config/bases/$(BASE)/debug-suites) \
	$(CURDIR)/config/debug-suites)
check-full: tree
	-@$(S)/background.sh start debug-$(BASE) $(S)/build-apart.sh debug
	-@WALK_CHECKS="$(WALK_CHECKS)" $(S)/walk.sh
	-@gate/checkpatch.sh
	-@gate/git-am.sh
	-@gate/maintainers.sh
	-@$(S)/guest.sh test && SUITES=all $(S)/run.sh test; $(S)/report.py test
	-@$(S)/guest.sh base && SUITES=all $(S)/run.sh base; $(S)/report.py base --label "base (unpatched)"
	-@$(S)/compare.py base test
	-@tests/run.sh
	-@[ ! -d config/bases/$(BASE)/mutants ] || $(S)/mutate.sh
	-@$(S)/background.sh wait
	-@$(S)/background.sh show debug-$(BASE)
	-@SUITES_FILE=$(DEBUG_SUITES) $(S)/guest.sh debug && SUITES=all $(S)/run.sh debug; $(S)/report.py debug --label "debug (KASAN, lockdep, DEBUG_VM)"

# A backport line: its series applied and built (base and tip), `git am`
# of its series; then the HMM suites on the base and the patched kernel,
# and the comparison.
LINE_SUITES := hmm-tests,compound-table
check-line: check-line-build check-line-guests
check-line-build: tree
	-@WALK_STEPS=ends $(S)/walk.sh
	-@gate/git-am.sh
check-line-guests:
	-@$(S)/guest.sh test && SUITES=$(LINE_SUITES) $(S)/run.sh test; $(S)/report.py test
	-@$(S)/guest.sh base && SUITES=$(LINE_SUITES) $(S)/run.sh base; $(S)/report.py base --label "base (unpatched)"
	-@$(S)/compare.py base test

## Developer loop (BASE=... for another base): edit and commit in
# build/BASE/src/linux, then
retest:				# rebuild incrementally, boot, report
	@$(S)/build.sh $(K) && $(S)/guest.sh $(K) && $(S)/run.sh $(K) && $(S)/report.py $(K)
mutants:			# the mutation gate alone, on the built tip
	@$(S)/mutate.sh
export:				# write the tree's series back to patches/BASE/
	@$(S)/export.sh
reset-tree:			# drop the tree's commits, re-apply patches/BASE/
	@rm -f build/$(BASE)/state/series.applied
	@git -C build/$(BASE)/src/linux checkout -q -f base
	@$(S)/series.sh

## Sending: each series of the base signed with the sender's git identity
# in place of the repository's placeholder; a dry run unless SEND=1
send: tree
	@$(S)/send.sh

## The benchmarks (not part of check, which only smoke-tests hmm-bench):
# what the flag costs in hmm_range_fault() per leaf type, and what four
# consumers of the same mappings get, from boots of the flag series' parent
# and tip with the bench-only patches (stages/bench.sh, its own kernels)
bench: tree
	@$(S)/bench.sh
	@$(S)/bench-report.py

## KUnit the kernel's way: kunit.py builds its own kernel and boots it
kunit: tree
	@$(S)/kunit.sh

## The README's two commands in a fresh Debian 12 root (debootstrap)
fresh-root:
	@$(S)/fresh-root.sh

distclean:
	rm -rf build

help:
	@sed -n '1,/^$$/p' Makefile
