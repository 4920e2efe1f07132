# max_len.sh: the largest input each fuzz target is given (libFuzzer's
# -max_len, bytes). Sourced by run.sh and campaign.sh, so a long run's
# ASan replay and merge use the length its fuzzing used.
# shellcheck shell=bash disable=SC2034  # read by the scripts that source it
declare -A fuzz_max_len=([scenario]=16384 [dist]=256 [csv]=4096 [epw]=8192 [urdb]=8192 [results]=131072)
