"""The rules of the application API: one module per resource, the actor's view of an account in `scope`."""
