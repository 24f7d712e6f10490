"""The views: everything a notebook displays, built from the content and the models.

A notebook imports this module once and calls one builder per widget, for example
``ui.header("01_first_response.ipynb")`` or ``ui.red_flag_check()``.
"""

from .back_routine import back_routine
from .cards import (aftercare, back_when_safe, cold_heat_safety, disagreement, disagreements, heat_cold_sources,
                    ice_heat_basics, ice_heat_rules, reassurance, stretch_cautions, stretch_principles)
from .checklist import first_minute
from .feeling import feeling_check
from .hydration import drink_planner, drinks, minerals, supplements
from .planner import ice_heat_planner
from .my_plan import my_plan
from .page import audience, contents, dashboard_link, footer, header, lesson_facts, sources
from .quiz import self_check
from .red_flags import red_flag_check
from .stretch_guide import stretch_guide

__all__ = [
    "aftercare", "audience", "back_routine", "back_when_safe", "cold_heat_safety", "contents", "dashboard_link", "my_plan", "disagreement",
    "disagreements", "drink_planner", "drinks", "heat_cold_sources", "minerals", "supplements", "ice_heat_basics", "ice_heat_planner", "ice_heat_rules",
    "feeling_check", "first_minute", "footer", "header", "lesson_facts", "reassurance", "red_flag_check", "self_check",
    "sources", "stretch_cautions", "stretch_guide", "stretch_principles",
]
