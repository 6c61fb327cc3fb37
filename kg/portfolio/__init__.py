"""A project's plans as one portfolio: the organisations and documents they share, one node each."""
