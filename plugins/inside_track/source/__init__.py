"""Read YAML files into data that remembers where every value came from."""
