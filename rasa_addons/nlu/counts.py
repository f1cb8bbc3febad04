"""The pipeline's word and character counts weighted by TF-IDF (flat_classifier.py),
and saving a scikit-learn model with skops, as Rasa's own
LogisticRegressionClassifier does (flat_classifier.py, emergency_model.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import numpy as np
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, METADATA, METADATA_EXAMPLE, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, vstack


def sparse_blocks(message: Message) -> Dict[str, csr_matrix]:
    """Each sparse featurizer's sentence counts, by featurizer."""
    return {str(f.origin): csr_matrix(f.features) for f in message.features
            if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE and f.is_sparse()}


def example_metadata(example: Message) -> Dict[str, Any]:
    """A training example's own metadata (its source page, ...)."""
    return (example.get(METADATA) or {}).get(METADATA_EXAMPLE) or {}


def fit_weighting(messages: List[Message]) -> Dict[str, Any]:
    """One TF-IDF weighting (sublinear) per featurizer, fitted on the training examples."""
    from sklearn.feature_extraction.text import TfidfTransformer

    blocks = [sparse_blocks(m) for m in messages]
    return {origin: TfidfTransformer(sublinear_tf=True).fit(vstack([b[origin] for b in blocks]))
            for origin in blocks[0]}


def weighted_counts(messages: List[Message], weighting: Dict[str, Any]) -> List[csr_matrix]:
    """Each featurizer's counts weighted by TF-IDF (L2-normed per featurizer, so that
    the many character n-grams do not drown the words)."""
    blocks = [sparse_blocks(m) for m in messages]
    return [w.transform(vstack([b[origin] for b in blocks]))
            for origin, w in sorted(weighting.items())]


def dump(objects: Dict[str, Any], path: Path) -> None:
    import skops.io as sio

    sio.dump(objects, path)


def load(path: Path) -> Dict[str, Any]:
    """A skops file, trusting only scikit-learn's, NumPy's and SciPy's sparse types."""
    import skops.io as sio

    untrusted = sio.get_untrusted_types(file=path)
    trusted = [t for t in untrusted if t.startswith(("sklearn.", "numpy.", "scipy.sparse."))]
    objects = sio.load(path, trusted=trusted)
    for model in objects.values():
        if hasattr(model, "coef_"):
            model.coef_ = fast_to_apply(model.coef_)
    return objects


def fast_to_apply(coef: np.ndarray) -> np.ndarray:
    """The same weights, stored column by column. A regression multiplies the
    counts by coef_.T, and SciPy copies that matrix on every product unless it is
    C-ordered: 20 MB for each of the classifier's regressions, a third of a
    message's parse (docs/performance.md)."""
    return np.asfortranarray(coef)
