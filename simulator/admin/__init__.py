"""The control API at /__admin: health, reset, seed, state, journal, outbox, clock."""
