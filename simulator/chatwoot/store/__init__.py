"""The rules of the application API: one module per resource, shared helpers in `base`, events in `events`."""
