"""`kg classify`: subjects proposed for focus areas and activities from their Norwegian text.

The element's words (and its parent's, at half weight) are matched against terms for each
concept of the shipped vocabularies (`kg.subjects`): Los through its themes' labels and its
keywords with their synonyms; the SDGs through their goals' and targets' Norwegian texts; both
through a Norwegian lexicon of strategy language written by hand (`data/lexicon-nb.toml`, which
says how). A proposal has a score from 0 to 1 and the words that matched; it becomes a subject
only when a steward accepts it (`kg.classify.write`).
"""
