"""Turbulentie: a serious game on public craftsmanship in a turbulent network society."""

__version__ = "0.1.0"
ENGINE_VERSION = "3"
