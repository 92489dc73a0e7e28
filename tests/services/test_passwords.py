"""Password hashing: the timing-equalising hash is made on first use, not when the module is imported."""

import subprocess
import sys
from pathlib import Path

from services.passwords import hash_password, verify_password

PROJECT = Path(__file__).resolve().parents[2]


def test_importing_the_module_computes_no_hash():
    probe = "import services.passwords as p; print(p._dummy_hash.cache_info().currsize)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT)
    assert result.stdout.strip() == "0"


def test_an_unknown_user_or_a_wrong_password_never_verifies():
    stored = hash_password("Rätt-lösen-2025!")
    assert verify_password(stored, "Rätt-lösen-2025!")
    assert not verify_password(stored, "fel")
    assert not verify_password(None, "Rätt-lösen-2025!")
    assert not verify_password("not a hash", "fel")
