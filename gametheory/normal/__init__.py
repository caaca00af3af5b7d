"""Normal-form (strategic) games: the game type, its results, dominance, correlated
equilibria, textbook examples, checks of given profiles (:mod:`gametheory.normal.verify`:
Lyapunov value, epsilon-Nash), and one module per solver in :mod:`gametheory.normal.solvers`."""
