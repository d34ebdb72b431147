"""claimtrack: attributed, dated claims from multilingual news, reconciled and diffed.

Library use (the CLI is a thin layer over these):

    from claimtrack import extract_corpus, load_lexicon
    result = extract_corpus(["seeds/"])            # an in-memory store unless store_path is given
    claims = list(result.claims())                 # claim records (dicts), sorted
"""
__version__ = "0.1.0"

from .lexicon import load_lexicon  # noqa: E402
from .pipeline import extract_corpus  # noqa: E402

__all__ = ["__version__", "extract_corpus", "load_lexicon"]
