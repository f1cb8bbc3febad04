"""Baseline: TF-IDF features and logistic regression (scikit-learn) on the same data.

Each training example is labelled with what the assistant would answer: the
FAQ key for `faq/...` examples, otherwise the intent name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, List, Tuple

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def training_examples() -> List[Tuple[str, str]]:
    rows = []
    for path in sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in item.get("examples", "").splitlines():
                text = line.strip()[2:].strip()
                if text:
                    # drop entity annotations: [phone](detail) -> phone
                    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
                    rows.append((text, item["intent"]))
    return rows


def train() -> Callable[[str], str]:
    texts, labels = zip(*training_examples(), strict=True)
    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
    ])
    model = make_pipeline(features, LogisticRegression(max_iter=2000, C=10))
    model.fit(texts, labels)
    return lambda text: str(model.predict([text])[0])
