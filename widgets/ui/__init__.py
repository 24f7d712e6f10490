"""The views: everything a notebook displays, built from the content and the models.

A notebook imports this module once and calls one builder per widget, for example
``ui.header("01_first_response.ipynb")`` or ``ui.red_flag_check()``.
"""

from .cards import aftercare, disagreements, reassurance
from .checklist import first_minute
from .feeling import feeling_check
from .page import audience, contents, footer, header, lesson_facts, sources
from .red_flags import red_flag_check

__all__ = [
    "aftercare", "audience", "contents", "disagreements", "feeling_check", "first_minute", "footer",
    "header", "lesson_facts", "reassurance", "red_flag_check", "sources",
]
