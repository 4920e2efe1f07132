#!/usr/bin/env bash
# bad_input_test.sh FACTORYSIM SOURCE_DIR: one check per row of
# docs/bad-input.md. Each bad input must exit 2 with the exact message
# fragment of the table, create no results file, and leave an existing
# results file byte for byte as it was.
set -uo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
pass=0; fail=0
"$bin" run "$src/scenarios/mm1.ini" -r 2 -o keep.h5 >/dev/null 2>&1
[ -s keep.h5 ] || { echo "FAIL: could not make the results file the rows must leave alone"; exit 1; }
keep=$(sha256sum keep.h5)

ok='[source s]\ninterarrival = 1min\nto = m\n[station m]\nservice = 30\n'
sim='[simulation]\nhorizon = 1d\nreplications = 1\n'
printf 'arrival,family\n0,a\n' > orders.csv
printf 'time,kw\n0,100\n3600,90\n1800,80\n' > unordered.csv
printf 'time,kw\n0,100\n3600,nan\n' > nan.csv
head -1000 "$src/scenarios/weather/CHN_AH_Hefei.583210_TMYx.epw" > short.epw
mkdir -p adir.ini
printf 'time,kw\n0,100\n3600,90\n\0\0\0\0' > nul.csv
awk -F, 'BEGIN { OFS = "," } NR == 13 { $14 = 9999 } { print }' "$src/scenarios/weather/CHN_AH_Hefei.583210_TMYx.epw" > missing.epw

# row NAME SCENARIO_TEXT|@PATH EXPECTED_FRAGMENT
row() {
  local name=$1 text=$2 want=$3
  local file=$name.ini
  if [ "${text#@}" != "$text" ]; then file=${text#@}; else printf "$text" > "$file"; fi
  for out in "$name.h5" keep.h5; do
    "$bin" run "$file" -o "$out" >out.txt 2>err.txt
    local rc=$?
    if [ "$rc" = 2 ] && grep -qF -- "$want" err.txt && [ ! -e "$name.h5" ] \
       && [ "$keep" = "$(sha256sum keep.h5)" ]; then
      :
    else
      echo "FAIL $name ($out): exit $rc, wanted '$want', got: $(cat err.txt)"; fail=$((fail + 1)); return
    fi
  done
  echo "ok   $name"; pass=$((pass + 1))
}

row missing_file @nothere.ini 'Failed to open file “nothere.ini”: No such file or directory'
row unreadable_file @adir.ini 'Error reading file “adir.ini”: Is a directory'
row wrong_type "${sim}${ok}servers = two\n" 'wrong_type.ini: [station m] servers = two: must be a whole number from 1 to 1000000'
row negative_duration "[simulation]\nhorizon = -1d\n${ok}" 'negative_duration.ini: [simulation] horizon = -1d: must be a duration > 0 s'
row zero_duration "[simulation]\nhorizon = 0\n${ok}" 'zero_duration.ini: [simulation] horizon = 0: must be a duration > 0 s'
row negative_mean "${sim}[source s]\ninterarrival = exponential(mean=-1)\nto = m\n[station m]\nservice = 30\n" 'negative_mean.ini: [source s] interarrival = exponential(mean=-1): exponential needs mean > 0'
row route_probabilities "${sim}${ok}to = sink:0.5, m:0.4\n" 'route_probabilities.ini: [station m] to = sink:0.5, m:0.4: probabilities sum to 0.9; they must sum to 1'
row family_shares "${sim}[source s]\ninterarrival = 1min\nfamily = a:0.5, b:0.2\n[family a]\nroute = m\n[family b]\nroute = m\n[station m]\nservice = 30\n" 'family_shares.ini: [source s] family = a:0.5, b:0.2: shares sum to 0.7; they must sum to 1'
row grade_probabilities "${sim}${ok}[returns]\ngrade = reuse:0.5, recycle:0.4\nunit_mass_kg = 2\n" 'grade_probabilities.ini: [returns] grade = reuse:0.5, recycle:0.4: the probabilities sum to 0.9; they must sum to 1'
row unknown_station "${sim}${ok}to = n\n" "unknown_station.ini: [station m] to = n: no station named 'n' (stations: m; or sink)"
row cycle_no_exit "${sim}${ok}to = n\n[station n]\nservice = 30\nto = m\n" 'cycle_no_exit.ini: [station m] to = n: units routed here can never reach the sink (a cycle with no exit)'
row nan_value "${sim}${ok}power_busy_kw = nan\n" 'nan_value.ini: [station m] power_busy_kw = nan: must be a finite number from 0 to 1e+09'
row infinite_value "${sim}${ok}power_busy_kw = inf\n" 'infinite_value.ini: [station m] power_busy_kw = inf: must be a finite number from 0 to 1e+09'
row csv_missing_column "${sim}[source s]\ntrace = orders.csv\n[family a]\nroute = m\n[station m]\nservice = 30\n" 'csv_missing_column.ini: [source s] trace = orders.csv: ./orders.csv: the header must name the columns arrival, family, quantity (and optionally due)'
row csv_unordered "${sim}[site]\nload_csv = unordered.csv\n" "csv_unordered.ini: [site] load_csv = unordered.csv: ./unordered.csv line 4: time '1800' is before the row before's; rows must be in time order"
row csv_nan "${sim}[site]\nload_csv = nan.csv\n" "csv_nan.ini: [site] load_csv = nan.csv: ./nan.csv line 3: kw 'nan' is not a number"
row epw_short_year "${sim}[site]\nweather = short.epw\n[load b]\npower_kw = 10\n[pv roof]\nkwp = 10\n" 'epw_short_year.ini: [site] weather = short.epw: ./short.epw line 1001: only 992 hourly rows; a year needs 8760'
row tariff_currency "${sim}[site]\n[load b]\npower_kw = 10\n[tariff]\nperiods = a:1\nweekday = 0-24 a\ncurrency = US dollar\n" "tariff_currency.ini: [tariff] currency = US dollar: must be a currency code or symbol of 1 to 8 bytes without spaces or '/', e.g. CNY, USD or EUR"
row sweep_currency "${sim}[site]\n[load b]\npower_kw = 10\n[tariff]\nperiods = a:1\nweekday = 0-24 a\ncurrency = CNY\n[sweep]\ntariff.currency = CNY, USD\n" "sweep_currency.ini: [sweep] point 1 (tariff.currency=USD): [tariff] currency = USD, but point 0 has CNY; the points of a study must bill in one currency"
row tariff_no_rate "${sim}[site]\n[load b]\npower_kw = 10\n[tariff]\nperiods = a:1\nweekday = 0-24 b\n" "tariff_no_rate.ini: [tariff] weekday = 0-24 b: period 'b' has no rate in periods"
row horizon_below_warmup "[simulation]\nhorizon = 1h\nwarmup = 2h\n${ok}" 'horizon_below_warmup.ini: [simulation] warmup = 2h: the warm-up must be shorter than the horizon (3600 s)'
row scheduler_finite_buffer "${sim}[source s]\ninterarrival = 1min\nfamily = a\n[family a]\nroute = line\n[station line]\ncopies = 2\nservice = 30\nbuffer = 4\n[scheduler]\nkind = laps\nlines = line\n" "scheduler_finite_buffer.ini: [scheduler] lines = line: 'line' must be machines with an unlimited buffer"
row shift_without_tariff "${sim}[source s]\ninterarrival = 1min\nfamily = a\n[family a]\nroute = line\n[station line]\ncopies = 2\nservice = 30\n[scheduler]\nkind = laps\nlines = line\nshift = price\n" "shift_without_tariff.ini: [scheduler] shift = price: needs a [site] with a [tariff] (or shift = none)"
row second_life_without_battery "${sim}[site]\n[load b]\npower_kw = 10\n[second_life]\ninterarrival = 1d\nsoh = 0.5\npack_kwh = 10\n" 'second_life_without_battery.ini: [second_life] pack_kwh = 10: second-life packs join the site'"'"'s battery bank: add a [battery] group'
row nul_scenario "${sim}\0${ok}" 'nul_scenario.ini: byte 43 (of 107) is a NUL byte: not a text file, or a zero-filled block (after a crash?); nothing after it would be read'
row nul_csv "${sim}[site]\nload_csv = nul.csv\n" 'nul_csv.ini: [site] load_csv = nul.csv: ./nul.csv: byte 22 (of 26) is a NUL byte'
row runs_overflow "[simulation]\nhorizon = 1d\nreplications = 524288\n${ok}[sweep]\nsimulation.seed = 1:8192:1\n" 'runs_overflow.ini: [simulation] replications = 524288: 8192 points x 524288 replications = 4294967296 runs; a study runs at most 1000000000 (fewer replications, or sweep fewer points)'
row start_without_offset "[simulation]\nhorizon = 1d\nstart = 2026-01-05T06:00:00\n${ok}" 'start_without_offset.ini: [simulation] start = 2026-01-05T06:00:00: must be a local date-time with its UTC offset, e.g. 2026-01-05T06:00:00+08:00'
row negative_grid_factor "${sim}[site]\ngrid_factor = -1\n[load b]\npower_kw = 1\n" 'negative_grid_factor.ini: [site] grid_factor = -1: must be kg CO2/kWh from 0 to 2'
row grid_factor_50 "${sim}[site]\ngrid_factor = 50\n[load b]\npower_kw = 1\n" 'grid_factor_50.ini: [site] grid_factor = 50: must be kg CO2/kWh from 0 to 2'
row too_many_machines "${sim}${ok}copies = 100000\nservers = 1000000\n" 'too_many_machines.ini: [station m] servers = 1000000: copies (100000) x servers (1000000) = 100000000000 machines; a floor has at most 1000000'
row epw_missing_marker "${sim}[site]\nweather = missing.epw\n[load b]\npower_kw = 10\n[pv roof]\nkwp = 10\n" "epw_missing_marker.ini: [site] weather = missing.epw: ./missing.epw line 13: GHI (field 14) is '9999': EPW's missing-value marker; fill the file's gaps first (allowed 0 to 1500)"

# URDB records: a field that would change the bill and is not modelled, and a rule not modelled
printf '{"energyratestructure":[[{"rate":0.1}]],"energyweekdayschedule":[%s],"energyweekendschedule":[%s],"demandreactivepowercharge":0.4}' \
  "$(printf '[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],%.0s' $(seq 11))[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]" \
  "$(printf '[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],%.0s' $(seq 11))[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]" > reactive.json
sed 's/"demandreactivepowercharge":0.4/"dgrules":"Buy All Sell All"/' reactive.json > buyall.json
row urdb_unmodelled_field "${sim}[site]\n[load b]\npower_kw = 1\n[tariff]\nurdb = reactive.json\n" "urdb_unmodelled_field.ini: [tariff] urdb = reactive.json: ./reactive.json: field demandreactivepowercharge: present and not modelled by factorysim, so the bill would leave it out; add it to [tariff] urdb_ignore to accept that (the results record it)"
row urdb_buy_all_sell_all "${sim}[site]\n[load b]\npower_kw = 1\n[tariff]\nurdb = buyall.json\n" "urdb_buy_all_sell_all.ini: [tariff] urdb = buyall.json: ./buyall.json: field dgrules: 'Buy All Sell All' is not modelled (Net Metering, Net Billing Instantaneous, Net Billing Hourly)"
row ratchet_without_months "${sim}[site]\n[load b]\npower_kw = 1\n[tariff]\nperiods = a:0.1\nweekday = 0-24 a\ndemand_charge_per_kw = 5\ndemand_ratchet = 0.8\n" "ratchet_without_months.ini: [tariff] demand_ratchet = 0.8: a ratchet needs demand_ratchet_months (the months whose peaks count) or demand_ratchet_range_months (the previous N months), one of them"
row demand_window_odd "${sim}[site]\n[load b]\npower_kw = 1\n[tariff]\nperiods = a:0.1\nweekday = 0-24 a\ndemand_charge_per_kw = 5\ndemand_window_min = 20\n" "demand_window_odd.ini: [tariff] demand_window_min = 20: demand window 20 min: it must be a whole number of billing intervals (15 min) and divide an hour or a day (e.g. 15, 30, 60)"
row coincident_bad_hour "${sim}[site]\n[load b]\npower_kw = 1\n[tariff]\nperiods = a:0.1\nweekday = 0-24 a\ncoincident_peak_per_kw = 10\ncoincident_peak_hours = 2026-02-30T14\n" "coincident_bad_hour.ini: [tariff] coincident_peak_hours = 2026-02-30T14: '2026-02-30T14' is not a local hour YYYY-MM-DDTHH, e.g. 2026-07-14T15"

{ echo time,kw; for h in $(seq 0 23); do printf '2025-01-05T%02d:00:00+08:00,10\n' "$h"; done; } > meter2025.csv
printf 'time,kw\n0,1\n1h,1\n3h,1\n' > gap.csv
row meter_other_year "[simulation]\nhorizon = 1d\nreplications = 1\nstart = 2026-01-05T00:00:00+08:00\n[site]\nload_csv = meter2025.csv\n" "meter_other_year.ini: [site] load_csv = meter2025.csv: ./meter2025.csv: its timestamps run from 2025-01-05T00:00:00+08:00 to 2025-01-05T23:00:00+08:00 (step 1 h); the run needs 2026-01-05T00:00:00+08:00 to 2026-01-06T00:00:00+08:00. Give a file that covers the run, or align = repeat"
row meter_gap "${sim}[site]\nload_csv = gap.csv\n" "meter_gap.ini: [site] load_csv = gap.csv: ./gap.csv line 4: time '3h' comes 2 h after the row before; the file's step is 1 h (a gap: rows are missing)"

printf 'arrival,family,quantity,due\n0,a,1,100\n10,a,1,5\n' > due.csv
printf 'x\n1\n1e300\n' > huge.csv
{ echo time,kg_per_kwh; for i in $(seq 0 8759); do echo "$((i * 60)),0.5"; done; } > carbon1min.csv
row due_before_arrival "${sim}[family a]\nroute = m\ntime_m = 10\n[source book]\ntrace = due.csv\n[station m]\n" "due_before_arrival.ini: [source book] trace = due.csv: ./due.csv line 3: due is before the order arrives"
row empirical_huge "${sim}[source s]\ninterarrival = 1min\nto = m\n[station m]\nservice = empirical(file=huge.csv, column=x)\n" "empirical_huge.ini: [station m] service = empirical(file=huge.csv, column=x): empirical file ./huge.csv line 3: column 'x' is 1e+300; values are allowed from -1e+12 to 1e+12"
row carbon_not_hourly "${sim}[site]\ncarbon_csv = carbon1min.csv\n[load b]\npower_kw = 1\n" "carbon_not_hourly.ini: [site] carbon_csv = carbon1min.csv: ./carbon1min.csv line 3: time '60': a carbon series is a typical year hour by hour, each row's time one hour after the row before's"

plan="${sim}[site]\n[load b]\npower_kw = 10\n[tariff]\nperiods = a:0.1\nweekday = 0-24 a\ndemand_charge_per_kw = 5\n[battery]\ncapacity_kwh = 100\n"
row replan_odd "${plan}dispatch = optimal\nreplan = 20min\n" "replan_odd.ini: [battery] replan = 20min: 20 min: the plan changes at whole billing intervals and demand windows (15 min)"
row plan_horizon_short "${plan}dispatch = optimal\nhorizon = 30min\n" "plan_horizon_short.ini: [battery] horizon = 30min: 0.5 h is shorter than replan (1 h): the plan must reach the next one"
row forecast_unknown "${plan}dispatch = optimal\nforecast = perfekt\n" "forecast_unknown.ini: [battery] forecast = perfekt: must be one of perfect, persistence_day, persistence_week; did you mean 'perfect'?"
row replan_without_plan "${plan}dispatch = combined\nreplan = 1h\n" "replan_without_plan.ini: [battery] replan = 1h: is for dispatch = optimal; this battery's dispatch is combined"
row auto_target_wrong_rule "${plan}peak_target_kw = auto\n" "auto_target_wrong_rule.ini: [battery] peak_target_kw = auto: auto is for dispatch = peak_shaving or combined (this battery's is self_consumption)"
row optimal_without_tariff "${sim}[site]\n[load b]\npower_kw = 10\n[battery]\ncapacity_kwh = 100\ndispatch = optimal\n" "optimal_without_tariff.ini: [battery] dispatch = optimal: optimal plans against the bill: it needs a [tariff]"
row on_full_unknown "${sim}[source s]\ninterarrival = 1min\nto = m\non_full = drop\n[station m]\nservice = 30\n" "on_full_unknown.ini: [source s] on_full = drop: on_full = drop: must be block (hold the order until the first station has room, the default) or lose (count it lost)"

echo "$pass passed, $fail failed"
exit $((fail > 0))
