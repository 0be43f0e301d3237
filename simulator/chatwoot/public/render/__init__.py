"""The public API on the wire: one module per resource."""
