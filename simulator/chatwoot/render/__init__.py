"""Everything the application API writes on the wire: its JSON answers and its event payloads."""
