"""Widgets that carry their HTML for the app's server-written pages (widgets/ui/static_html.py)."""

from __future__ import annotations

from widgets.content import content
from widgets.ui import page
from widgets.ui.static_html import STATIC_HTML_MIME

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_header_offers_its_html_without_the_inline_stylesheet():
    header = page.header("stretches")
    bundle = header._repr_mimebundle_()
    assert WIDGET_VIEW in bundle  # JupyterLab and Voici still draw the widget
    html = bundle[STATIC_HTML_MIME]
    assert html.startswith('<div class="sr-header">')
    assert "<style>" not in html  # the app's pages link the stylesheet once, in the page
    assert 'rel="next" href="03_back_spasms.ipynb"' in html and 'rel="prev" href="01_first_response.ipynb"' in html
    assert content().meta.title in html and "Educational, not a diagnosis" in html
    # drawn as a widget (JupyterLab), the header still brings its styles
    assert any("<style>" in child.value for child in header.children)


def test_footer_and_link_lists_offer_the_same_links_as_their_widgets():
    footer = page.footer("check-yourself")
    html = footer._repr_mimebundle_()[STATIC_HTML_MIME]
    assert html.startswith('<div class="sr-footer">') and 'aria-label="Lesson navigation (bottom)"' in html
    contents = page.contents()
    static = contents._repr_mimebundle_()[STATIC_HTML_MIME]
    assert contents.value in static and 'class="sr-links"' in static
    for lesson in content().lessons[1:]:
        assert f'href="{lesson.file}"' in static


def test_ordinary_widgets_carry_no_static_html():
    import ipywidgets as w

    assert STATIC_HTML_MIME not in w.HTML("x")._repr_mimebundle_()


def test_my_plans_form_asks_for_a_placeholder_as_tall_as_the_screen():
    from widgets.ui.dashboard import MyPlanView
    from widgets.ui.static_html import PLACEHOLDER_MIME

    bundle = MyPlanView().widget._repr_mimebundle_()
    assert bundle[PLACEHOLDER_MIME] == {"min_height": "100vh"} and WIDGET_VIEW in bundle
    assert PLACEHOLDER_MIME not in page.contents()._repr_mimebundle_()
