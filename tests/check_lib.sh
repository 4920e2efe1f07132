# check_lib.sh: what the shell tests share; source it after reading the
# arguments. It makes a scratch directory, works in it and removes it at
# exit; check NAME CONDITION... counts a pass or prints FAIL: NAME;
# finish prints the tally and is the script's status.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fails=0
passes=0
check() {
  local name=$1; shift
  if "$@"; then passes=$((passes + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
finish() {
  echo "$passes passed, $fails failed"
  [ "$fails" = 0 ]
}
