"""Plan checklists: which situations exist and what each one says."""
