#!/usr/bin/env bash
# Stage 1: install the Debian packages in config/packages that are missing.
# Quiet and quick when everything is there.
. "$(dirname "$0")/lib.sh"

mapfile -t want < <(grep -v -e '^#' -e '^$' "$TOP/config/packages")
missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

begin "installing ${#missing[@]} packages: ${missing[*]}"
[ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run_logged "$LOGS/apt.log" apt-get update -q ||
	die "apt-get update failed; see $LOGS/apt.log"
run_logged "$LOGS/apt.log" apt-get install -y -q --no-install-recommends "${missing[@]}" ||
	die "could not install: ${missing[*]}; see $LOGS/apt.log"
say "installed: ${missing[*]}"
