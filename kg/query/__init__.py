"""Answering queries: the guard, the runner with its time limit and row cap, named queries, results."""
