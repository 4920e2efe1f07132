#!/usr/bin/env bash
# plots_test.sh FACTORYSIM SOURCE_DIR: every plot script runs on a small
# file and writes a non-empty PNG near the size its figure asks for (saved
# tight, so nothing is clipped: labels outside the axes widen the image).
set -u
fs=$1
src=$2
py=/usr/bin/python3
source "$(dirname "${BASH_SOURCE[0]}")/check_lib.sh"
# png_size FILE: width x height from the IHDR chunk
png_size() { "$py" -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$1"; }
check_png() {  # check_png FILE WxH: within 30% of WxH
  check "$1 exists and is not empty" test -s "$1"
  check "$1 is about $2 ($(png_size "$1"))" "$py" -c "
import sys
w, h = map(int, sys.argv[1].split('x')); W, H = map(int, sys.argv[2].split('x'))
sys.exit(not (0.7 * W <= w <= 1.3 * W and 0.7 * H <= h <= 1.3 * H))" "$(png_size "$1")" "$2"
}

"$fs" run -q -r 2 -o series.h5 --detail series --set simulation.horizon=7d
"$fs" run -q -r 2 -o trace.h5 --detail trace --set simulation.horizon=1d
cp -r "$src/scenarios/tariffs" "$src/scenarios/weather" .
"$fs" run "$src/scenarios/pv-battery-sizing.ini" -q -o sizing.h5 --set simulation.horizon=14d
"$fs" size sizing.h5 --write >/dev/null

"$py" "$src/plots/site_week.py" series.h5 -o out >/dev/null
check_png out/site_week.png 1200x500
"$py" "$src/plots/monthly_bill.py" series.h5 -o out >/dev/null
check_png out/monthly_bill.png 1000x500
"$py" "$src/plots/gantt.py" trace.h5 -o out >/dev/null
check_png out/gantt.png 1200x695          # 17 machines: 0.35 x 17 + 1 inches high
"$py" "$src/plots/energy_by_state.py" trace.h5 -o out >/dev/null
check_png out/energy_by_state.png 1000x500
"$py" "$src/plots/sizing_heatmap.py" sizing.h5 -o out >/dev/null
check_png out/sizing_heatmap_npv.png 800x600
"$fs" run -q -r 3 -o a.h5 --set simulation.horizon=2d
"$fs" run -q -r 3 -o b.h5 --set simulation.horizon=2d --set battery.dispatch=none
"$py" "$src/plots/compare.py" a.h5 b.h5 -o out --kpi total_cost --kpi self_sufficiency >/dev/null
check_png out/compare.png 800x400
# factorysim plot runs what the file has data for
"$fs" plot trace.h5 -o all >/dev/null
check "plot draws the Gantt chart" test -s all/gantt.png
check "plot draws energy by state" test -s all/energy_by_state.png
check "plot skips the week without a series" test ! -e all/site_week.png
"$fs" plot sizing.h5 -o sz --point 7 --format svg >/dev/null
check "plot draws the CO2 heatmap too" test -s sz/sizing_heatmap_co2.svg
check "plot --format svg writes SVG" grep -q '<svg' sz/monthly_bill.svg
check "the monthly bill of --point 7 says so" grep -q 'point 7' sz/monthly_bill.svg
check "a partial month is labelled with its days" grep -q 'partial: 14 of 31 days' sz/monthly_bill.svg
check "heatmap cells carry their values (thousands separators)" grep -qE '<!-- -?[0-9]{1,3},[0-9]{3}' sz/sizing_heatmap_npv.svg
"$fs" plot sizing.h5 -o sz --point 99 2>err.txt
check "plot --point out of range exits 2" [ $? = 2 ]
check "plot --point out of range names the points" grep -q 'has points 0 to 24' err.txt
"$fs" plot sizing.h5 -o chart.png 2>err.txt
check "plot -o FILE.png exits 2" [ $? = 2 ]
check "plot -o FILE.png says -o names a folder" grep -q 'names a folder for the charts' err.txt
check "plot -o FILE.png makes no folder of that name" test ! -e chart.png
"$fs" plot series.h5 -o wk --week 0 >/dev/null
check "plot --week draws the week" test -s wk/site_week.png
"$py" "$src/plots/site_week.py" trace.h5 -o none >/dev/null 2>err.txt
check "a missing series is a clear error" grep -q 'run with --detail series' err.txt

finish
