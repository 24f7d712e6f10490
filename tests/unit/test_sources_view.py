"""Sources are shown as links with their publisher and the date they were checked."""

from __future__ import annotations

import re

from widgets.content import content
from widgets.ui.html import cite
from widgets.ui.page import sources

C = content()


def test_the_sources_list_links_every_source_and_says_when_it_was_checked():
    html = sources().data
    for source in C.sources:
        assert source.title.replace("'", "&#x27;") in html or source.title in html
        if source.url:
            assert f'href="{source.url.replace("&", "&amp;")}"' in html
    assert html.count("checked ") == len(C.sources)
    assert "Spasm Relief" not in html


def test_a_citation_is_a_short_link_that_says_it_opens_a_new_tab():
    html = cite(C, ("nhs-dvt",))
    assert ">NHS: DVT<" in html and "Deep vein thrombosis" not in html  # short in a citation; full in the list
    assert re.search(r'<a class="sr-source-link" href="https://www\.nhs\.uk/conditions/deep-vein-thrombosis-dvt/" '
                     r'target="_blank" rel="noopener noreferrer">', html)
    assert "(opens in a new tab)" in html
