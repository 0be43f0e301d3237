"""The simulator's version, in one place (the package, the specs, the banner and the image read it)."""

__version__ = "0.1.0"
