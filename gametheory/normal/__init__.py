"""Normal-form (strategic) games: the game type, its results, dominance, correlated
equilibria, textbook examples, and one module per solver in :mod:`gametheory.normal.solvers`."""
