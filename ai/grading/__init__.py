"""Grading signals that do not depend on a language model: what an answer means, not which words it uses.

Pure Python (plus NumPy), no Django, so the benchmark and both providers use the same code. The
sentence-embedding model loads on first use, once per process: only the Celery worker, which grades,
ever pays for it.

The gate (ai.grading.gate), the measures a reader can verify in the text (ai.grading.measures) and
the criterion scores (ai.grading.scoring) live here too: the offline provider words them as feedback,
and the OpenAI provider gates answers and caps a model an answer tried to sway by them.
"""

from ai.grading.semantic import CONTENT_WEIGHTS, Signals, beyond_question, coherence, content_grade, signals

__all__ = ["CONTENT_WEIGHTS", "Signals", "beyond_question", "coherence", "content_grade", "signals"]
