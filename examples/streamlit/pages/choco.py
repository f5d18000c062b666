"""The Choco Effect: the era story (no options)."""
import common
import render

render.view(common.view("choco"))
