#!/usr/bin/env bash
# campaign_test.sh: campaign.sh end to end (docs/hardening.md, "A long run
# in parts"), in a scratch clone of HEAD so the repository's kept corpus
# and ledger are never touched. This checkout's campaign.sh, run.sh and
# max_len.sh are copied in, so what is tested is what would be committed.
#
#   bash tests/fuzz/campaign_test.sh BUILD_DIR
#
# BUILD_DIR: a -DFS_FUZZ=ON build (the CI's), used as both the fast and the
# ASan build. Checks, with parts of 3 s on one worker:
#  1. a part with no kept corpus exits 0, appends one "ok" ledger line with
#     more than 0 executions and the version of the code under test, and
#     packs the corpus;
#  2. a second part unpacks exactly the inputs the first kept, and its line
#     has the same version, so the two add up;
#  3. a change to the reader (output/) is refused: exit 1, no ledger line,
#     the kept corpus unchanged.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: campaign_test.sh BUILD_DIR}" && pwd)
[ -x "$build/tests/fuzz/fuzz_results" ] || { echo "campaign_test: $build/tests/fuzz/fuzz_results is not built" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git clone -q "$root" "$scratch/clone"
cd "$scratch/clone"
cp "$here/campaign.sh" "$here/run.sh" "$here/max_len.sh" tests/fuzz/
rm -f tests/fuzz/campaign/results.tar.xz tests/fuzz/campaign/results.tsv
kept=tests/fuzz/campaign/results.tar.xz ledger=tests/fuzz/campaign/results.tsv
fail() { echo "campaign_test: FAILED: $*" >&2; exit 1; }
field() { awk -F'\t' -v line="$1" -v col="$2" 'NR == line { print $col }' "$ledger"; }
expected_version=$(git ls-tree HEAD output sim/result.c sim/result.h tests/fuzz/fuzz_results.c \
                     tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h | sha1sum | cut -c1-12)

# 1. a first part
bash tests/fuzz/campaign.sh results "$build" "$build" --seconds 3 --workers 1 >"$scratch/part1.log" 2>&1 \
  || { cat "$scratch/part1.log"; fail "part 1 exited non-zero"; }
[ -f "$kept" ] || fail "part 1 packed no corpus ($kept)"
[ "$(wc -l <"$ledger")" -eq 2 ] || fail "part 1: the ledger should hold a header and one line: $(cat "$ledger")"
[ "$(field 2 8)" = ok ] || fail "part 1's outcome is '$(field 2 8)', not ok"
[ "$(field 2 4)" -gt 0 ] || fail "part 1 counted $(field 2 4) executions"
[ "$(field 2 3)" = "$expected_version" ] || fail "part 1's version $(field 2 3) is not $expected_version"
n_kept=$(tar -tJf "$kept" | grep -vc '/$' || true)
[ "$(field 2 7)" -eq "$n_kept" ] || fail "the ledger says $(field 2 7) inputs kept, the tarball holds $n_kept"

# 2. a second part goes on from the first's corpus
bash tests/fuzz/campaign.sh results "$build" "$build" --seconds 3 --workers 1 >"$scratch/part2.log" 2>&1 \
  || { cat "$scratch/part2.log"; fail "part 2 exited non-zero"; }
grep -q ", $n_kept kept inputs," "$scratch/part2.log" \
  || fail "part 2 did not start from part 1's $n_kept inputs: $(head -1 "$scratch/part2.log")"
[ "$(wc -l <"$ledger")" -eq 3 ] || fail "part 2 did not append one ledger line"
if [ "$(field 3 8)" != ok ] || [ "$(field 3 3)" != "$expected_version" ]; then
  fail "part 2's line: outcome $(field 3 8), version $(field 3 3)"
fi

# 3. a changed reader is refused, and nothing is written
sum_before=$(sha1sum "$kept" "$ledger")
reader=$(git ls-files output | grep '\.c$' | head -1)
echo "/* changed */" >>"$reader"
set +e
bash tests/fuzz/campaign.sh results "$build" "$build" --seconds 3 --workers 1 >"$scratch/part3.log" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "a changed $reader gave exit $rc, not 1"
grep -q "differ from HEAD" "$scratch/part3.log" || fail "the refusal does not say why: $(cat "$scratch/part3.log")"
[ "$(sha1sum "$kept" "$ledger")" = "$sum_before" ] || fail "the refused part changed the kept corpus or the ledger"

echo "campaign_test: ok (parts of $(field 2 4) and $(field 3 4) executions, $n_kept inputs carried over, a changed $reader refused)"
