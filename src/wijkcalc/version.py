"""wijkcalc's version, in one place: the build reads it here, the package and a report name it."""

__version__ = "0.1.0"
