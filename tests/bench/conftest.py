import sys
from pathlib import Path

# The bench package sits at the project root, outside src/, and pytest's
# rootdir is not on sys.path when it runs as .venv/bin/pytest.
_PROJECT_DIR = str(Path(__file__).resolve().parents[2])
if _PROJECT_DIR not in sys.path:
    sys.path.insert(0, _PROJECT_DIR)
