"""``python -m trainer`` does what the ``bti-trener`` console script does."""

import sys

from trainer.cli import main

if __name__ == "__main__":
    sys.exit(main())
