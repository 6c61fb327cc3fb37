"""A strategy repository as kg sees it: found and configured by its strategigraf.toml, begun by kg init."""
