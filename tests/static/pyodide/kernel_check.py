# Runs inside Pyodide (tests/static/test_pyodide_kernel.py): install the wheels, run the code of
# the site's notebooks as the site's kernel would (all but the install cell, which needs the
# browser's piplite: the wheels are unpacked here instead), and report as JSON.
import ast
import datetime as dt
import json
import os
import re
import site
import sys
import traceback
import zipfile

for name in sorted(os.listdir("/wheels")):
    zipfile.ZipFile(f"/wheels/{name}").extractall(site.getsitepackages()[0])

import widgets.paths as paths  # noqa: E402
from widgets import ui  # noqa: E402
from widgets.content import content  # noqa: E402

report = {"platform": sys.platform, "python": sys.version.split()[0], "assets": str(paths.ASSETS_DIR),
          "assets_found": (paths.CONTENT_DIR / "lessons.toml").is_file(), "pages": {}, "hrefs": []}
hrefs = set()
for name in sorted(os.listdir("/notebooks")):
    notebook = json.load(open(f"/notebooks/{name}"))
    cells = ["".join(c["source"]) for c in notebook["cells"]
             if c["cell_type"] == "code" and "static-site" not in c["metadata"].get("tags", [])]
    namespace = {}
    try:
        for cell in cells:
            tree = ast.parse(cell)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, name, "exec"), namespace)
            result = eval(compile(ast.Expression(last.value), name, "eval"), namespace) if last else None
            for widget in [result, *getattr(result, "children", ())]:
                value = getattr(widget, "value", None)
                hrefs |= set(re.findall(r'href="([^"]*)"', value)) if isinstance(value, str) else set()
        report["pages"][name] = f"ran {len(cells)} cells"
    except Exception:
        report["pages"][name] = "failed: " + traceback.format_exc()[-1500:]

from widgets.calendar_export import plan_to_ics  # noqa: E402
from widgets.schedule import Request, make_plan  # noqa: E402

c = content()
plan = make_plan(Request("main", dt.datetime(2026, 11, 24, 8, 0), dt.date(2026, 11, 24), dt.time(7, 0),
                         dt.time(23, 0)), c, dt.datetime(2026, 11, 24, 9, 0))
report["ics_events"] = plan_to_ics(plan, c).count(b"BEGIN:VEVENT")
report["sessions"] = len(plan.of_kind("cold")) + len(plan.of_kind("heat"))
report["hrefs"] = sorted(h for h in hrefs if not h.startswith("data:"))
json.dumps(report)
