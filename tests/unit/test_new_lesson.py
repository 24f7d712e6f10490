"""The traced change 'add a lesson before the self-check': it takes one new table in lessons.toml
(and the new notebook), nothing else. Checked on a copy of the content, in a fresh interpreter
that reads it (``SPASM_RELIEF_ASSETS``): numbering, navigation both ways, the contents, the
self-check's questions and the order a class walks the pages in all follow from lessons.toml."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from widgets.paths import ASSETS_DIR, REPO_ROOT

NEW = '''[[lesson]]
id = "sleep-and-cramps"
file = "sleep_and_cramps.ipynb"
title = "Cramps at night"
summary = "A made-up lesson for this test."
minutes = 10
prerequisites = ["start-here", "hydration"]

'''

CHECK = r'''
import json
from widgets.content import content
from widgets.navigation import lesson_links
from widgets.quiz import questions
from widgets.ui import page
from spasm_relief_app.server import class_order

c = content()
print(json.dumps({
    "labels": [lesson.label for lesson in c.lessons],
    "hydration": [[link.rel, link.href] for link in lesson_links(c.lessons, "hydration")],
    "check": [[link.rel, link.href] for link in lesson_links(c.lessons, "check-yourself")],
    "new_nav": page.nav_html(c, "sleep-and-cramps", "top"),
    "contents": page.contents().value,
    "header": "".join(getattr(child, "value", "") for child in page.header("sleep-and-cramps").children),
    "facts": page.lesson_facts("sleep-and-cramps").value,
    "questions": len(questions()),
    "order": list(class_order()),
}))
'''


def test_a_lesson_before_the_self_check_needs_only_lessons_toml(tmp_path):
    assets = tmp_path / "assets"
    shutil.copytree(ASSETS_DIR, assets)
    toc = assets / "content" / "lessons.toml"
    text = toc.read_text(encoding="utf-8")
    marker = '[[lesson]]\nid = "check-yourself"'
    assert marker in text
    toc.write_text(text.replace(marker, NEW + marker), encoding="utf-8")

    env = {**os.environ, "SPASM_RELIEF_ASSETS": str(assets)}
    result = subprocess.run([sys.executable, "-c", CHECK], env=env, cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)

    assert seen["labels"][-2:] == ["6. Cramps at night", "7. Check yourself"]
    assert ["next", "sleep_and_cramps.ipynb"] in seen["hydration"]
    assert ["prev", "sleep_and_cramps.ipynb"] in seen["check"]
    assert 'href="05_hydration.ipynb"' in seen["new_nav"] and 'href="06_check_yourself.ipynb"' in seen["new_nav"]
    assert seen["contents"].index("Cramps at night") < seen["contents"].index("Check yourself")
    assert 'rel="prev"' in seen["header"] and 'rel="next"' in seen["header"]  # the new page's own header
    assert '<a href="05_hydration.ipynb">Drinks and minerals</a>' in seen["facts"]  # its prerequisites, by id
    assert seen["questions"] > 0
    order = seen["order"]
    assert order.index("05_hydration.ipynb") + 1 == order.index("sleep_and_cramps.ipynb")
    assert order.index("sleep_and_cramps.ipynb") + 1 == order.index("06_check_yourself.ipynb")
