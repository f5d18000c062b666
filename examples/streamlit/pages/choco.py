"""The Choco Effect: the era story (no options)."""
from fitintel import views

import common
import render

render.view(views.choco(common.store()))
