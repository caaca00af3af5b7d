"""Normal-form (strategic) games: the game type, its results, dominance, correlated
equilibria, perfect and proper equilibria (:mod:`gametheory.normal.refinements`), textbook
examples, and one module per solver in :mod:`gametheory.normal.solvers`."""
