"""Publishing the graph as open data: dumps, DCAT catalog, VoID, Linked Data views.

Everything here reads the graph through the `Store` interface and knows
nothing of HTTP; the web layer (server/) and the CLI (`kg export`) call it.
The server lends these functions its store only under the query time limit
(`kg.query.reads`); what takes long to make from what was read (the dumps) is
made outside it (`state.PerState`).
"""
