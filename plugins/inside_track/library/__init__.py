"""Fork layers and editions: many folders of playbooks become one cross-checked library."""
