"""The data steward's tools for the Turtle files themselves: the formatter (`kg fmt`).

`format_turtle(text, path)` is the library entry: house style, same graph, comments kept.
"""

from kg.steward.turtle_format import MeaningChanged, format_turtle
from kg.steward.turtle_tokens import TurtleSyntaxError

__all__ = ["MeaningChanged", "TurtleSyntaxError", "format_turtle"]
