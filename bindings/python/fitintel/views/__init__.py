"""The views of the front ends (SPEC §8): one function per page, each returning a :class:`View` of
titled sections (cards, Plotly figures, tables, Markdown) whose numbers all come from the library.

>>> import fitintel, fitintel.views as views
>>> with fitintel.open("fitintel.db", readonly=True) as store:      # doctest: +SKIP
...     page = views.hub(store, days=30)
...     page.section("scatter").figure.show()
"""
from ._base import (BAND_COLOR, ERA_COLORS, LABEL_COLORS, LABEL_NAMES, LABEL_ORDER, SERIES_COLOR,
                    Card, Section, View)
from .choco import choco
from .history import history
from .hub import hub
from .models import models
from .monthly import monthly
from .sql import sql_explorer
from .trends import trends

#: Every page in display order: (key, title, view function) — what front ends iterate over.
VIEWS = (("hub", "Intelligence hub", hub), ("choco", "The Choco Effect", choco),
         ("monthly", "Monthly dashboard", monthly), ("trends", "Trends", trends),
         ("sql", "SQL explorer", sql_explorer), ("models", "Model management", models),
         ("history", "History", history))

__all__ = ["VIEWS", "View", "Section", "Card", "LABEL_COLORS", "LABEL_ORDER", "LABEL_NAMES",
           "ERA_COLORS", "SERIES_COLOR", "BAND_COLOR", "hub", "choco", "monthly", "trends",
           "sql_explorer", "models", "history"]
