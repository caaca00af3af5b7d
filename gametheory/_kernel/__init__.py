"""The shared kernel: number values, the result protocol, tolerances, exact linear algebra.

No game types live here; every room of the package may use the kernel, and the kernel
uses nothing else of the package except :mod:`gametheory.errors`.
"""
