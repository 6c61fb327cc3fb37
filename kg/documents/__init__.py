"""Documents as stewards receive them (PDF with a text layer, scanned PDF, Word) read into lines.

Each reader gives a `Document`: its lines in reading order with the page each
is on and, where the file says so (Word's styles), what each line is
(heading, bullet, numbered item, paragraph). `Document.text()` is the plain
text written to the project's sources folder; its line numbers are those the
data's provenance names, and a form feed starts each page after the first.
"""
