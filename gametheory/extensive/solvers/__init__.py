"""Extensive-form solvers, one module per method: backward induction, subgame perfection,
the sequence form (LP and Lemke) and perfect Bayesian equilibria. The front door is
:func:`gametheory.extensive.solve.solve_extensive`."""
