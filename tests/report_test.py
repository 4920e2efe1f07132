"""factorysim report in a real browser: Debian's chromium, headless, driven
by chromedriver (python3-selenium). A page fails on any console message
of level SEVERE (a JavaScript error), on a chart that is not drawn (no
plotly SVG, or an element screenshot that is nearly all one colour), on
a chart missing from what the file holds, and on anything fetched from
the network. A negative control: the same page with a thrown error must
fail the check.

    python3 tests/report_test.py FACTORYSIM SOURCE_DIR
"""
import io
import os
import re
import subprocess
import sys
import tempfile

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

fs, src = sys.argv[1], sys.argv[2]
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + (f": {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(name)


def browser():
    o = Options()
    o.binary_location = "/usr/bin/chromium"
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1300,1000", "--disable-dev-shm-usage"]:
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def inspect(d, page, shots_dir=None):
    """(severe console messages, charts, drawn charts)"""
    d.get("file://" + page)
    plots = d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")
    drawn = 0
    for i, el in enumerate(plots):
        d.execute_script("arguments[0].scrollIntoView();", el)
        svgs = el.find_elements(By.CSS_SELECTOR, ".main-svg")
        png = el.screenshot_as_png
        img = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 100))
        pixels = list(img.getdata())
        non_white = sum(1 for p in pixels if sum(p) < 720) / len(pixels)
        colours = len(set(pixels))
        if svgs and non_white > 0.02 and colours > 20:
            drawn += 1
        if shots_dir:
            with open(os.path.join(shots_dir, f"chart{i}.png"), "wb") as f:
                f.write(png)
    severe = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]
    return severe, len(plots), drawn


with tempfile.TemporaryDirectory() as t:
    scen = os.path.join(src, "scenarios")
    one = os.path.join(t, "one.h5")
    subprocess.run([fs, "run", "-q", os.path.join(scen, "default.ini"), "--set", "simulation.horizon=2d", "-r", "2",
                    "--detail", "trace", "--detail", "series", "-o", one], check=True)
    sweep = os.path.join(t, "sweep.h5")
    subprocess.run([fs, "run", "-q", os.path.join(scen, "pv-battery-sizing.ini"), "--set", "simulation.horizon=7d",
                    "-o", sweep], check=True)
    subprocess.run([fs, "size", sweep, "--write"], check=True, stdout=subprocess.DEVNULL)
    pages = {}
    for name, h5 in [("one", one), ("sweep", sweep)]:
        out = os.path.join(t, name + ".html")
        p = subprocess.run([fs, "report", h5, "-o", out], capture_output=True, text=True)
        check(f"report {name} exits 0", p.returncode == 0, p.stderr)
        pages[name] = out
    text = {k: open(v, encoding="utf-8").read() for k, v in pages.items()}
    for k, v in text.items():
        check(f"{k}: no script or stylesheet from the network",
              not re.search(r"<(script|link)[^>]+(src|href)=\"?https?:", v))
        check(f"{k}: plotly.js inlined", "plotly.js v" in v)
        check(f"{k}: the scenario text is in the page", "[simulation]" in v)
    check("one: KPIs with units and CIs", "+/- 95%" in text["one"] and "kWh" in text["one"])
    check("sweep: the per-point table names the parameters", "pv.roof.kwp" in text["sweep"])
    check("sweep: the chosen point against the reference", "against the reference, point 0" in text["sweep"])
    check("sweep: the partial month is said", "Partial months" in text["sweep"])
    shots = os.environ.get("FS_REPORT_SHOTS")
    d = browser()
    try:
        for name, want in [("one", 4), ("sweep", 3)]:
            severe, n, drawn = inspect(d, pages[name], shots if name == "one" else None)
            check(f"{name}: no console errors", not severe, str(severe[:3]))
            check(f"{name}: {want} charts", n == want, f"{n} charts")
            check(f"{name}: every chart drawn", drawn == n, f"{drawn} of {n} drawn")
        # negative control: an error on the page is caught
        bad = os.path.join(t, "bad.html")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text["one"].replace("</body>", "<script>throw new Error('deliberate');</script></body>"))
        severe, _, _ = inspect(d, bad)
        check("a thrown error is caught (negative control)", any("deliberate" in e["message"] for e in severe))
        blank = os.path.join(t, "blank.html")
        with open(blank, "w", encoding="utf-8") as f:
            f.write(re.sub(r"Plotly\.newPlot\(", "(function(){})(", text["one"]))
        _, n, drawn = inspect(d, blank)
        check("charts never drawn are caught (negative control)", drawn == 0, f"{drawn} drawn")
    finally:
        d.quit()

print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
