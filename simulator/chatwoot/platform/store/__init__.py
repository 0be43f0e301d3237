"""The platform API's rules: one module per resource, each reaching only what its platform app created."""
