"""Near-duplicate detection for reposted job ads.

Two tools:

- ``posting_fingerprint(title, company, text) -> str``: an exact-ish key (hex SHA-1 of the text with case,
  width, whitespace, punctuation and digits folded away), so the same ad reposted with another date,
  a re-numbered list or different spacing gets the same key.
- ``NearDuplicateIndex``: MinHash signatures over character 3-gram shingles with locality-sensitive hashing
  in bands. ``add(id, text)`` returns the id of an earlier posting whose estimated Jaccard similarity is at
  least ``threshold`` (default 0.8), or ``None`` and indexes the text. Memory per posting is the signature
  (``num_perm`` uint32) plus one bucket entry per band; a bucket keeps only its first posting, so a lookup
  checks at most ``bands`` candidates. This is what lets it scale to a million postings on one core
  (see ``bench/bench_extraction.py``).

Memory is about 2 KB per indexed posting with the defaults (so about 2 GB for a million); ``num_perm=32,
bands=8`` halves it at some cost in recall near the threshold. With 64 permutations in 16 bands of 4 rows, a pair with Jaccard 0.8 becomes a candidate with probability
1 - (1 - 0.8**4)**16 > 0.999, and a pair at 0.5 is then rejected by the signature check.
Shingle hashing is deterministic (no dependence on ``PYTHONHASHSEED``) given the ``seed``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

_FOLD_RE = re.compile(r"[\W_\d]+", re.UNICODE)
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def fold_text(text: str | None) -> str:
    """Lower-case, NFKC, without whitespace, punctuation, digits (the parts reposts change)."""
    return _FOLD_RE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def _digest(text: str) -> bytes:
    return hashlib.blake2b(fold_text(text).encode("utf-8"), digest_size=8).digest()


def posting_fingerprint(title: str | None, company: str | None, text: str | None) -> str:
    key = "\x1f".join(fold_text(part) for part in (title, company, text))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def shingle_hashes(text: str, k: int = 3) -> np.ndarray:
    """Distinct 64-bit hashes of the character k-grams (k <= 3) of the folded text."""
    folded = fold_text(text)
    if not folded:
        return np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < k:
        k = len(cps)
    n = len(cps) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for i in range(k):  # code points fit 21 bits: three of them pack into 63 bits without collision
        h = (h << np.uint64(21)) | cps[i : i + n]
    # splitmix64 finaliser to spread the bits
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return np.unique(h)


class MinHasher:
    def __init__(self, num_perm: int = 64, seed: int = 20240901):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.a = (rng.integers(1, 2**63, size=(num_perm, 1), dtype=np.uint64) | np.uint64(1)).astype(np.uint64)
        self.b = rng.integers(0, 2**63, size=(num_perm, 1), dtype=np.uint64)

    def signature(self, text: str) -> np.ndarray:
        h = shingle_hashes(text)
        if h.size == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        with np.errstate(over="ignore"):
            mixed = (self.a * h[None, :] + self.b) >> np.uint64(32)  # multiply-shift universal hashing
        return mixed.min(axis=1).astype(np.uint32)


class NearDuplicateIndex:
    def __init__(self, threshold: float = 0.8, num_perm: int = 64, bands: int = 16, seed: int = 20240901):
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.bands = bands
        self.rows = num_perm // bands
        self.hasher = MinHasher(num_perm, seed)
        self._buckets: list[dict[bytes, object]] = [{} for _ in range(bands)]
        self._signatures: dict[object, np.ndarray] = {}
        self._exact: dict[bytes, object] = {}  # 8-byte digest of the folded text -> first id

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, posting_id) -> bool:
        return posting_id in self._signatures

    def find(self, text: str, signature: np.ndarray | None = None):
        """(duplicate_of_id | None, signature) without indexing the text."""
        exact = self._exact.get(_digest(text))
        sig = self.hasher.signature(text) if signature is None else signature
        if exact is not None:
            return exact, sig
        best, best_sim = None, self.threshold
        seen = set()
        for band in range(self.bands):
            key = sig[band * self.rows : (band + 1) * self.rows].tobytes()
            other = self._buckets[band].get(key)
            if other is None or other in seen:
                continue
            seen.add(other)
            sim = float(np.count_nonzero(self._signatures[other] == sig)) / sig.size
            if sim >= best_sim:
                best, best_sim = other, sim
        return best, sig

    def add(self, posting_id, text: str):
        """Index ``text`` under ``posting_id`` unless it near-duplicates an earlier posting.

        Returns the earlier posting's id (and does not index the duplicate) or ``None``.
        """
        if posting_id in self._signatures:
            raise ValueError(f"posting id {posting_id!r} already indexed")
        dup, sig = self.find(text)
        if dup is not None:
            return dup
        self._signatures[posting_id] = sig
        self._exact.setdefault(_digest(text), posting_id)
        for band in range(self.bands):
            key = sig[band * self.rows : (band + 1) * self.rows].tobytes()
            self._buckets[band].setdefault(key, posting_id)
        return None

    def similarity(self, text_a: str, text_b: str) -> float:
        """Estimated Jaccard similarity of two texts' shingle sets."""
        sa, sb = self.hasher.signature(text_a), self.hasher.signature(text_b)
        return float(np.count_nonzero(sa == sb)) / sa.size


def exact_jaccard(text_a: str, text_b: str) -> float:
    a, b = set(shingle_hashes(text_a).tolist()), set(shingle_hashes(text_b).tolist())
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
