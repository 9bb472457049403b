"""The MkDocs adapter: thin hooks that hand MkDocs what the engine produced."""
