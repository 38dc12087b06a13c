"""Runs inside Presidio's own venv (never imported by MentorJournal): analyse and anonymise texts from stdin.

Reads JSON ``{"model": NAME or null, "items": [{"text": ..., "deny": [names...]}, ...]}`` on standard input
and writes ``{"mode": ..., "items": [{"text": anonymised, "entities": [[type, start, end], ...]}]}`` on
standard output. Nothing is written to disk. With ``model`` null (or a model that does not load) Presidio
runs without NLP: its pattern recognizers only, on a blank spaCy tokenizer.

Each item's known names go to Presidio as an ad-hoc deny-list recognizer (entity PERSON), so Presidio knows
the journal's people exactly as MentorJournal does.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _analyzer(model: str | None) -> tuple[Any, str]:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider, SpacyNlpEngine

    if model:
        try:
            import spacy

            spacy.load(model)  # fail here, not half-way through, if the package is not a usable model
            provider = NlpEngineProvider(
                nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}
            )
            return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"]), f"spaCy {model}"
        except Exception as exc:  # any failure to load means: measure without NLP, and say so
            print(
                f"presidio: the spaCy model {model} did not load ({type(exc).__name__}); running without NLP",
                file=sys.stderr,
            )
    import spacy

    class BlankSpacy(SpacyNlpEngine):  # type: ignore[misc]
        """A tokenizer only: no named entities, so only Presidio's pattern recognizers can find anything."""

        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    engine = BlankSpacy(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    return AnalyzerEngine(nlp_engine=engine, supported_languages=["en"]), "no NLP (pattern recognizers only)"


def main() -> None:
    from presidio_analyzer import PatternRecognizer
    from presidio_anonymizer import AnonymizerEngine

    request = json.load(sys.stdin)
    analyzer, mode = _analyzer(request.get("model"))
    anonymizer = AnonymizerEngine()
    out = []
    for item in request["items"]:
        deny = sorted(set(item.get("deny") or []), key=len, reverse=True)
        ad_hoc = [PatternRecognizer(supported_entity="PERSON", deny_list=deny, name="known people")] if deny else []
        results = analyzer.analyze(text=item["text"], language="en", ad_hoc_recognizers=ad_hoc)
        anonymised = anonymizer.anonymize(text=item["text"], analyzer_results=results)
        out.append({"text": anonymised.text, "entities": [[r.entity_type, r.start, r.end] for r in results]})
    json.dump({"mode": mode, "items": out}, sys.stdout)


if __name__ == "__main__":
    main()
