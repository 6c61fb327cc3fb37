"""The data steward's tools: the formatter (`kg fmt`), the semantic diff (`kg diff`), SARIF.

`format_turtle(text, path, house_order(settings))` is the library entry: the text in house
style (predicates in the order of the project's shapes), the same graph, every comment kept.
"""

from kg.steward.files import house_order
from kg.steward.turtle_format import MeaningChanged, format_turtle
from kg.steward.turtle_tokens import TurtleSyntaxError

__all__ = ["MeaningChanged", "TurtleSyntaxError", "format_turtle", "house_order"]
