"""Reading the store while serving: the guard, the runner with its time limit and row cap, named
queries, results, and `reads` (every read of the store under the same time limit)."""
