# The bench for the HMM_PFN_COMPOUND series: from a fresh Debian 12 machine
# to a patched 6.12 kernel, booted in QEMU, with the HMM tests' results.
#
#   make            the main job: build the patched kernel, boot it, show
#                   the flag at work and the test results
#   make check      every test and gate (what CI runs)
#
# Each stage is one script in stages/ and can be run alone; every kernel
# configuration (config/kernel/builds) has its own incremental build
# directory under build/out/. Nothing outside build/ is generated.

SHELL := /bin/bash
S := stages
K ?= test
export RUN_START := $(shell date +%s)

.PHONY: all packages tree config build guest run report summary \
	export reset-tree retest check distclean help

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

## The test gate: everything above, the base kernel, the comparison
WALK_CHECKS := gate/objects.sh gate/kernel-doc.sh gate/selftests.sh gate/htmldocs.sh
check: tree
	@WALK_CHECKS="$(WALK_CHECKS)" $(S)/walk.sh
	@gate/checkpatch.sh; gate/git-am.sh; gate/maintainers.sh; true
	@$(S)/guest.sh test && $(S)/run.sh test; $(S)/report.py test || true
	@$(S)/guest.sh base && $(S)/run.sh base; $(S)/report.py base --label "base (unpatched)" || true
	@$(S)/compare.py base test || true
	@$(S)/summary.py test --reference base --gate

## Developer loop: edit and commit in build/src/linux, then
retest:				# rebuild incrementally, boot, report
	@$(S)/build.sh $(K) && $(S)/guest.sh $(K) && $(S)/run.sh $(K) && $(S)/report.py $(K)
export:				# write the tree's commits back to patches/
	@$(S)/export.sh
reset-tree:			# drop the tree's commits, re-apply patches/
	@rm -f build/state/series.applied
	@git -C build/src/linux checkout -q -B hmm-compound base
	@$(S)/series.sh

distclean:
	rm -rf build

help:
	@sed -n '1,/^$$/p' Makefile
