#!/usr/bin/env bash
# check_layers.sh [ROOT]: the include graph against the layers of
# docs/architecture.md. Every #include "..." in a layer's sources must name
# a header of that layer or of a layer below it; each edge that breaks the
# rule is printed as FILE:LINE: LAYER includes HEADER (LAYER may include:
# ...). Exit 1 when any does. The build enforces the same rule with scoped
# include paths (CMakeLists.txt, fs_layer); this check also catches a
# relative include ("../site/site.h") that include paths cannot.
set -euo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
cd "$root"

# layer -> the layers it may include (itself first). Order: lowest first.
declare -A allowed=(
  [sim]="sim"
  [models/floor]="models/floor sim"
  [models/site]="models/site sim"
  [output]="output sim"
  [study]="study models/floor models/site sim"
  [app]="app study output models/floor models/site sim"
)
layers="sim models/floor models/site output study app"

layer_of() {  # path -> its layer, or nothing
  local p=$1
  case "$p" in
    models/floor/*) echo models/floor ;;
    models/site/*) echo models/site ;;
    sim/*|study/*|output/*|app/*) echo "${p%%/*}" ;;
  esac
}

bad=0; edges=0
for layer in $layers; do
  while IFS= read -r file; do
    while IFS=: read -r line inc; do
      edges=$((edges + 1))
      target=$(layer_of "$inc")
      ok=0
      if [ -z "$target" ]; then
        ok=0  # a relative or unknown path: not allowed from a layer
      else
        for a in ${allowed[$layer]}; do [ "$a" = "$target" ] && ok=1; done
      fi
      if [ $ok = 0 ]; then
        echo "$file:$line: $layer includes \"$inc\" (it may include: ${allowed[$layer]})"
        bad=$((bad + 1))
      fi
    done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" \
             | sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
  done < <(find "$layer" -maxdepth 2 -name '*.[ch]' -o -maxdepth 2 -name '*.c.in' | sort \
           | while read -r f; do [ "$(layer_of "$f")" = "$layer" ] && echo "$f"; done)
done
echo "layers: $edges includes checked, $bad against the layers"
[ $bad = 0 ]
