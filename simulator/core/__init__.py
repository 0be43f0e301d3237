"""Vendor-agnostic mechanisms: state, clock, auth, rate limits, errors, journal, outbox, faults, persistence."""
