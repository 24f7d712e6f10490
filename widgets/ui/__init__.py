"""The views: everything a notebook displays, built from the content and the models.

A notebook imports this module once and calls one builder per widget, for example
``ui.header("01_first_response.ipynb")`` or ``ui.red_flag_check()``.
"""

from .back_routine import back_routine
from .cards import aftercare, back_when_safe, disagreement, disagreements, reassurance, stretch_cautions, stretch_principles
from .checklist import first_minute
from .feeling import feeling_check
from .page import audience, contents, footer, header, lesson_facts, sources
from .red_flags import red_flag_check
from .stretch_guide import stretch_guide

__all__ = [
    "aftercare", "audience", "back_routine", "back_when_safe", "contents", "disagreement", "disagreements",
    "feeling_check", "first_minute", "footer", "header", "lesson_facts", "reassurance", "red_flag_check",
    "sources", "stretch_cautions", "stretch_guide", "stretch_principles",
]
