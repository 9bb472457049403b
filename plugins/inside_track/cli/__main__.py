"""``python -m inside_track.cli``: the same as the ``inside-track`` command."""

import sys

from .main import main

sys.exit(main())
