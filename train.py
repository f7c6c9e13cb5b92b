"""Retrain spamdet: `python train.py --help`."""

import sys

from spamdet.train_cli import main

if __name__ == "__main__":
    sys.exit(main())
