#!/usr/bin/env python
from peerwell.cli import main

if __name__ == "__main__":
    main()
