"""Baseline: TF-IDF features and logistic regression (scikit-learn) on the same data.

Each training example is labelled with what the assistant would answer: the
FAQ key for `faq/...` examples, otherwise the intent name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, List, Tuple

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def training_examples() -> List[Tuple[str, str]]:
    """(text, label) for every NLU example, read with Rasa's own loader (which
    also drops entity annotations: [phone](detail) -> phone)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    return [(m.get("text"), m.get("intent_response_key") or m.get("intent"))
            for m in data.training_examples if m.get("text")]


def train() -> Callable[[str], str]:
    texts, labels = zip(*training_examples(), strict=True)
    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
    ])
    model = make_pipeline(features, LogisticRegression(max_iter=2000, C=10))
    model.fit(texts, labels)
    return lambda text: str(model.predict([text])[0])
