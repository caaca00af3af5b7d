"""Normal-form (strategic) games: the game type, its results, dominance, correlated
equilibria, perfect and proper equilibria (:mod:`gametheory.normal.refinements`), checks of
given profiles (:mod:`gametheory.normal.verify`: Lyapunov value, epsilon-Nash), textbook
examples, and one module per solver in :mod:`gametheory.normal.solvers`."""
