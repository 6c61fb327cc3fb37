"""Tools for the data steward's editing loop: formatting, semantic diffs, review output."""
