"""Inside Track: YAML playbooks in, a guide with a checklist for every situation out.

The package reads as the pipeline, one folder a stage, data flowing one way:
``source`` → ``model`` → ``library`` → ``plan`` → ``render`` → ``outputs`` → ``checks``,
with ``adapters`` (MkDocs) and ``cli`` on top. Only ``adapters.mkdocs`` imports MkDocs.
"""
