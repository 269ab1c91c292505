# Shared by the review gate's checks. Source it after stages/lib.sh.
#
# A per-step check (run by the walk at every step of the series, base = 0)
# records each step with step_result; its gate line says ok only if no step
# reported anything new against step 0, and names the first steps that did.

# normalise: compiler and sparse diagnostics from a log, one per line, with
# paths relative to the tree and line/column numbers dropped, so that moved
# code does not hide a new warning or invent one.
normalise() {
	sed -nE -e "s#^($SRC/|$OUT/[^/]+/|\\.\\./)*##" \
		-e 's#^([^: ]+\.[chS]):[0-9]+(:[0-9]+)?: (warning|error): (.*)$#\1: \3: \4#p' |
		sed -E 's/[[:space:]]+$//' | sort
}

# new_lines BASE NOW: lines of NOW that BASE does not have (as multisets).
new_lines() { comm -13 <(sort "$1") <(sort "$2"); }

# patch_name STEP: the patch file of series step N (1-based), for messages.
patch_name() {
	local f
	f=$(series_patches | sed -n "${1}p")
	[ -n "$f" ] && basename "$f" || echo "step $1"
}

# step_result CHECK STEP ok|FAIL DETAIL
step_result() {
	local check=$1 step=$2 status=$3; shift 3
	local dir=$STATE/steps/$check
	mkdir -p "$dir"
	echo "$status $*" > "$dir/$(printf %03d "$step")"
	local n fails
	n=$(ls "$dir" | wc -l)
	fails=$(grep -l '^FAIL' "$dir"/* 2>/dev/null | wc -l || true)
	if [ "$fails" -gt 0 ]; then
		gate_result "$check" FAIL "$(for f in $(grep -l '^FAIL' "$dir"/* | head -n 3); do
			s=$((10#$(basename "$f"))); printf '%s: %s; ' "$( [ "$s" = 0 ] && echo base || patch_name "$s")" "$(cut -d' ' -f2- "$f")"; done)"
	else
		gate_result "$check" ok "$n step(s), nothing new against the base${*:+; $*}"
	fi
}

# step_changes: the files the current step's patch changes (HEAD against
# its parent; nothing at the base).
step_changes() {
	git -C "$SRC" diff --name-only HEAD~1 HEAD 2>/dev/null || true
}

# reuse_step NAME STEP: the warnings of the step before stand for this one.
reuse_step() {
	cp "$STATE/warnings/$1-$(($2 - 1))" "$STATE/warnings/$1-$2"
}

# need_program PROGRAM PACKAGE: whether PROGRAM (a command or a path) can
# run here; if not, say so, naming the Debian package that provides it.
need_program() {
	command -v "$1" > /dev/null && return 0
	echo "$1 not found: install the Debian package $2 (config/packages; make packages)"
	return 1
}
