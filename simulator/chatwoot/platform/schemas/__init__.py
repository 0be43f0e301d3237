"""The platform API's wire schemas: flat request bodies (`params.permit`) and answers, one module per resource."""
