"""Publishing the graph as open data: dumps, DCAT catalog, VoID, Linked Data views.

Everything here reads the graph through the `Store` interface and knows
nothing of HTTP; the web layer (server/) and the CLI (`kg export`) call it.
"""
