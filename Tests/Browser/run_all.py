"""Every page test in one run, with one Chromium (harness.py): what scripts/test.sh runs.

Run: python3 Tests/Browser/run_all.py. One file alone: python3 Tests/Browser/admin_page_test.py.
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

if __name__ == "__main__":
    suite = unittest.defaultTestLoader.discover(HERE, pattern="*_test.py", top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
