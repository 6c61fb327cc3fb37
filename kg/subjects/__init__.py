"""Shared subjects: the controlled vocabularies kg ships (Los themes, UN SDG goals and targets).

Focus areas and activities carry `dcterms:subject` links to concepts of these vocabularies, so
that questions across strategies («which plans work on transport?») have one answer. The files
are in `data/` (where they come from: `data/SOURCE.md`); every command that loads the graph loads
each as a named graph of its own (`kg.foundation.settings.Settings.subject_graphs`).
"""
