#!/usr/bin/env bash
# Stage 4: configure build NAME: tinyconfig, then the fragments that
# config/kernel/builds lists for it, then olddefconfig. Fails, naming them,
# when options of the fragments did not stick.
name=${1:?usage: config.sh NAME}
STAGE="config $name"
. "$(dirname "$0")/lib.sh"

begin "kernel config '$name': tinyconfig + $(build_field "$name" fragments)"
obj=$OUT/$name
mkdir -p "$obj"
frags=()
for f in $(build_field "$name" fragments); do
	[[ $f = /* ]] || f=$(base_file "kernel/$f")
	[ -f "$f" ] || die "fragment $f does not exist"
	frags+=("$f")
done

log=$LOGS/config-$name.log
: > "$log"
[ -f "$obj/.config" ] && cp "$obj/.config" "$obj/.config.old-bench"
run_logged "$log" kmake "$name" tinyconfig || die "tinyconfig failed; see $log"
run_logged "$log.merge" env KCONFIG_CONFIG="$obj/.config" \
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" ||
	die "merge_config.sh failed; see $log.merge"
run_logged "$log" kmake "$name" olddefconfig || die "olddefconfig failed; see $log"

# Every line of the fragments, as written, must be in the final .config.
lost=$(cat "${frags[@]}" | sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*=.*\)$/\1/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p' |
	while IFS= read -r want; do
		sym=${want%%=*}
		got=$(grep -E "^$sym=|^# $sym is not set" "$obj/.config" || true)
		case $got in "# $sym is not set") got=$sym=n ;; "") got="$sym (absent)" ;; esac
		[ "$got" = "$want" ] || echo "  $want -> $got"
	done)
# The walk builds commits before the one that adds a symbol: a symbol that
# no Kconfig file of this step defines, but the series' last branch does,
# is left out there, and said so. One the series never defines is lost.
if [ -n "$lost" ] && [ -n "${ALLOW_MISSING_SYMBOLS:-}" ]; then
	kept=
	while IFS= read -r l; do
		sym=$(sed -E 's/^ *CONFIG_([A-Za-z0-9_]*)=.*/\1/' <<<"$l")
		def="^[[:space:]]*(menu)?config $sym\$"
		if ! git -C "$SRC" grep -qE "$def" -- '*Kconfig*' &&
		   git -C "$SRC" grep -qE "$def" "$KERNEL_BRANCH" -- '*Kconfig*'; then
			say "not in this tree yet: CONFIG_$sym"
		else
			kept+="$l"$'\n'
		fi
	done <<<"$lost"
	lost=${kept%$'\n'}
fi
[ -z "$lost" ] || die "options that did not stick in ${OUT#$TOP/}/$name/.config:
$lost
(a missing dependency, or a symbol this tree does not have)"

# Unchanged configuration: keep the old timestamp so nothing rebuilds.
if [ -f "$obj/.config.old-bench" ] && cmp -s "$obj/.config" "$obj/.config.old-bench"; then
	touch -r "$obj/.config.old-bench" "$obj/.config"
fi
rm -f "$obj/.config.old-bench"
say "${OUT#$TOP/}/$name/.config: $(grep -c '=[ym]' "$obj/.config") options set, fragments verified"
