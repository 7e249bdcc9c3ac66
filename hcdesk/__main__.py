import sys

from hcdesk.cli import main

sys.exit(main())
