"""The ``gametheory`` command line (installed as ``gametheory.cli``)."""
