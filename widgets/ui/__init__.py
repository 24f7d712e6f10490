"""The views: everything a notebook displays, built from the content and the models.

A notebook imports this module once and calls one builder per widget, for example
``ui.header("first-response")`` or ``ui.red_flag_check()``.

Builders are imported on first use, so a lesson's kernel loads only what that lesson shows
(icalendar only on the planner pages): less memory and a faster start for
every preheated kernel.
"""

from __future__ import annotations

import importlib

_BUILDERS = {
    "aftercare": "cards", "back_when_safe": "cards", "cold_heat_safety": "cards", "disagreement": "cards",
    "heat_cold_sources": "cards", "ice_heat_basics": "cards",
    "ice_heat_rules": "cards", "reassurance": "cards", "stretch_cautions": "cards",
    "stretch_principles": "cards",
    "audience": "page", "contents": "page", "dashboard_link": "page", "footer": "page", "header": "page",
    "lesson_facts": "page", "sources": "page",
    "back_routine": "back",
    "class_results_view": "class_results",  # not "class_results": the module of that name would shadow it
    "my_diary": "diary",
    "drink_planner": "hydration", "drinks": "hydration", "minerals": "hydration", "supplements": "hydration",
    "feeling_check": "feeling",
    "first_minute": "checklist",
    "ice_heat_planner": "planner",
    "my_plan": "dashboard",
    "progress": "browser_progress",
    "red_flag_check": "red_flags",
    "self_check": "quiz",
    "stretch_guide": "stretches",
}

__all__ = sorted(_BUILDERS)


def __getattr__(name: str):
    module = _BUILDERS.get(name)
    if module is None:
        raise AttributeError(f"widgets.ui has no builder {name!r}")
    builder = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = builder
    return builder


def __dir__():
    return __all__
