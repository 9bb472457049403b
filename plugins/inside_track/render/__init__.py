"""Render playbook data through Jinja templates into page text."""
