"""Argon2 at a cost chosen for the machines we run on, not Django's default.

Django's default (100 MiB, 2 passes, 8 lanes) makes every sign-in and registration
hold 100 MiB and both cores of a 2-core host for most of a second under load;
OWASP's password storage guidance accepts 19 MiB with 2 passes and 1 lane, which
``benchmarks/argon2_cost.py`` times at a fraction of that (figures in the README,
"Performance"). The algorithm name stays ``argon2``, so stored hashes of any cost
still verify, and Django rehashes them to these parameters at the next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    """OWASP's first Argon2id option: m=19 MiB, t=2, p=1."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
