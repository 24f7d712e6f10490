"""Spasm Relief: the models and widgets behind the tutorial's notebooks.

Models (pure Python, no ipywidgets) live in the top-level modules; the
ipywidgets views live in :mod:`widgets.ui`.
"""

__version__ = "0.1.0"
