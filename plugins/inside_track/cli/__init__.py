"""The ``inside-track`` command."""

from .main import main

__all__ = ["main"]
