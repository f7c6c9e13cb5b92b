import sys

from spamdet.cli import main

sys.exit(main())
