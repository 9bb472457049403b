"""Adapters from the engine to site generators and the build environment."""
