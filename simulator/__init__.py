"""Contact-center API simulator: a stateful Flask stand-in for ROBIN, Sinch CMI and Chatwoot."""

from simulator.version import __version__


def create_app(config=None, **overrides):  # type: ignore[no-untyped-def]
    """Build the simulator's WSGI application (see `simulator.app.create_app`)."""
    from simulator.app import create_app as _create_app

    return _create_app(config, **overrides)


__all__ = ["__version__", "create_app"]
