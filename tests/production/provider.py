"""The smoke test's AI provider: the offline rubric, with recordings transcribed by the OpenAI
provider (pointed at the fake OpenAI API), so the worker has to read each upload's bytes."""

from ai.providers.offline import OfflineProvider
from ai.providers.openai import OpenAIProvider
from ai.types import Transcript, TranscriptionInput


class OfflineProviderWithTranscription(OfflineProvider):
    def transcribe(self, data: TranscriptionInput) -> Transcript:
        return OpenAIProvider().transcribe(data)
