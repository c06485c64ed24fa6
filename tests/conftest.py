"""The course's tests import the maintainer tool (tools/notebooks.py), so what they test is what it stores."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
