"""Formal models of Europe, Russia and the United States (installed as ``gametheory.models``)."""
