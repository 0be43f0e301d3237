"""The platform API on the wire: one module per resource."""
