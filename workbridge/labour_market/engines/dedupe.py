"""Near-duplicate detection for reposted job ads.

Two tools:

- ``posting_fingerprint(title, company, text) -> str``: an exact-ish key (hex SHA-1 of the text with case,
  width, whitespace, punctuation and digits folded away), so the same ad reposted with another date,
  a re-numbered list or different spacing gets the same key. ``fingerprint_of_folded`` does the same from
  parts already folded with ``fold_text`` (the ingest pipeline folds each posting once and reuses it).
- ``NearDuplicateIndex``: MinHash signatures over character 3-gram shingles with locality-sensitive hashing
  in bands. ``add(id, text)`` returns the id of an earlier posting whose estimated Jaccard similarity is at
  least ``threshold`` (default 0.8), or ``None`` and indexes the text (``add(id, folded=...)`` skips the
  folding when the caller has it). A bucket keeps only its first posting, so a lookup checks at most
  ``bands`` candidates, each verified against its full signature.

Storage is compact so that a million postings fit: signatures live in one growing ``uint32`` matrix (row =
posting), a band's bucket key is a 64-bit mix of its rows (a Python int; a collision only adds a candidate,
which the signature check then rejects), and ids are kept in a list. About 1.7 KB per indexed posting with
the defaults (the 16 bucket entries are most of it), so some 1.7 GB for a million distinct postings in one index. With
64 permutations in 16 bands of 4 rows, a pair with Jaccard 0.8 becomes a candidate with
probability 1 - (1 - 0.8**4)**16 > 0.999, and a pair at 0.5 is then rejected by the signature check.
Shingle hashing is deterministic (no dependence on ``PYTHONHASHSEED``) given the ``seed``.

Ingest does not keep one of these per worker: the buckets live in a database table shared by every worker
(``models.PostingBand``, ``services.ingest.process_chunk``). For each chunk it computes the signatures and keys
(``band_keys_many``), loads the stored first holders of those keys with ``hold`` and decides each posting with
``add(..., signature=, keys=)`` on a fresh index, which is exactly what one index that had seen every stored
original would answer.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

_FOLD_RE = re.compile(r"[\W_\d]+", re.UNICODE)
# Full-width ASCII and the ideographic space are replaced by what NFKC makes of them before NFKC itself runs:
# the result is the same, and most Chinese postings then pass NFKC's quick check instead of being rebuilt.
_WIDE_RE = re.compile("[\uff01-\uff5e\u3000]")
_WIDE = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def _narrow(match: re.Match) -> str:
    return _WIDE[match.group(0)]


def fold_text(text: str | None) -> str:
    """Lower-case, NFKC, without whitespace, punctuation, digits (the parts reposts change)."""
    if not text:
        return ""
    return _FOLD_RE.sub("", unicodedata.normalize("NFKC", _WIDE_RE.sub(_narrow, text)).lower())


def fingerprint_of_folded(title: str, company: str, text: str) -> str:
    return hashlib.sha1("\x1f".join((title, company, text)).encode("utf-8")).hexdigest()


def posting_fingerprint(title: str | None, company: str | None, text: str | None) -> str:
    return fingerprint_of_folded(fold_text(title), fold_text(company), fold_text(text))


def _digest(folded: str) -> int:
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "little")


def _raw_shingles(folded: str, k: int = 3) -> np.ndarray:
    """64-bit hashes of the character k-grams (k <= 3) of an already folded text (repeats included)."""
    if not folded:
        return np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < k:
        k = len(cps)
    n = len(cps) - k + 1
    h = cps[:n].copy()
    for i in range(1, k):  # code points fit 21 bits: three of them pack into 63 bits without collision
        h <<= np.uint64(21)
        h |= cps[i : i + n]
    # splitmix64 finaliser to spread the bits
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def shingle_hashes(text: str, k: int = 3) -> np.ndarray:
    """Distinct 64-bit hashes of the character k-grams (k <= 3) of the folded text."""
    return np.unique(_raw_shingles(fold_text(text), k))


class MinHasher:
    def __init__(self, num_perm: int = 64, seed: int = 20240901):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.a = (rng.integers(1, 2**63, size=(num_perm, 1), dtype=np.uint64) | np.uint64(1)).astype(np.uint64)
        self.b = rng.integers(0, 2**63, size=(num_perm, 1), dtype=np.uint64)

    def signature(self, text: str) -> np.ndarray:
        return self.signature_of_folded(fold_text(text))

    def signature_of_folded(self, folded: str) -> np.ndarray:
        h = _raw_shingles(folded)  # repeated shingles do not change a minimum: no need to de-duplicate
        if h.size == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        with np.errstate(over="ignore"):
            mixed = self.a * h[None, :]  # multiply-shift universal hashing, in place to spare temporaries
            mixed += self.b
            mixed >>= np.uint64(32)
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
        self.num_perm = num_perm
        self.hasher = MinHasher(num_perm, seed)
        # band key = sum of the band's rows times odd 64-bit constants, plus the band number (wrapping)
        rng = np.random.default_rng(seed + 1)
        self._band_mult = (rng.integers(1, 2**63, size=(bands, self.rows), dtype=np.uint64) | np.uint64(1)).astype(
            np.uint64
        )
        self._band_salt = np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        self._buckets: dict[int, int] = {}  # band key -> row of the first posting in that bucket
        self._matrix = np.zeros((1024, num_perm), dtype=np.uint32)  # row i: signature of self._ids[i]
        self._ids: list = []
        self._rows: dict[object, int] = {}  # posting id -> row
        self._exact: dict[int, int] = {}  # 64-bit digest of the folded text -> row

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, posting_id) -> bool:
        return posting_id in self._rows

    def _band_keys(self, sig: np.ndarray) -> list[int]:
        return self.band_keys_many(sig[None, :])[0].tolist()

    def band_keys_many(self, sigs: np.ndarray) -> np.ndarray:
        """(n, num_perm) signatures -> (n, bands) bucket keys as signed 64-bit integers (what a database's
        bigint column holds; the same bijection of the mixed value everywhere)."""
        with np.errstate(over="ignore"):
            mixed = (sigs.reshape(len(sigs), self.bands, self.rows).astype(np.uint64) * self._band_mult).sum(
                axis=2, dtype=np.uint64
            )
            mixed += self._band_salt
        return mixed.view(np.int64)

    def hold(self, posting_id, signature: np.ndarray, keys) -> None:
        """Index an earlier posting (found in a shared store) as the first holder of the buckets ``keys`` only:
        what a store of (bucket key -> first posting) answers for the keys a chunk asks about. Holding an id
        twice adds buckets to it."""
        row = self._rows.get(posting_id)
        if row is None:
            row = self._append(posting_id, signature)
        buckets = self._buckets
        for key in keys:
            buckets.setdefault(key, row)

    def _append(self, posting_id, sig: np.ndarray) -> int:
        row = len(self._ids)
        if row == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.zeros_like(self._matrix)])
        self._matrix[row] = sig
        self._ids.append(posting_id)
        self._rows[posting_id] = row
        return row

    def _lookup(self, folded: str, sig: np.ndarray | None = None, keys: list[int] | None = None):
        digest = _digest(folded)
        row = self._exact.get(digest)
        if sig is None:
            sig = self.hasher.signature_of_folded(folded)
        if keys is None:
            keys = self._band_keys(sig)
        if row is not None:
            return row, sig, keys, digest
        best, best_sim, seen = None, self.threshold, set()
        buckets = self._buckets
        for key in keys:
            other = buckets.get(key)
            if other is None or other in seen:
                continue
            seen.add(other)
            sim = float(np.count_nonzero(self._matrix[other] == sig)) / sig.size
            if sim >= best_sim:
                best, best_sim = other, sim
        return best, sig, keys, digest

    def find(self, text: str | None = None, signature: np.ndarray | None = None, *, folded: str | None = None):
        """(duplicate_of_id | None, signature) without indexing the text."""
        folded = fold_text(text) if folded is None else folded
        row, sig, _keys, _digest_ = self._lookup(folded)
        return (None if row is None else self._ids[row]), sig

    def add(
        self,
        posting_id,
        text: str | None = None,
        *,
        folded: str | None = None,
        signature: np.ndarray | None = None,
        keys: list[int] | None = None,
    ):
        """Index ``text`` (or its ``folded`` form) under ``posting_id`` unless it near-duplicates an earlier
        posting. Returns the earlier posting's id (and does not index the duplicate) or ``None``. ``signature``
        and ``keys`` may be given when the caller computed them for a whole chunk at once."""
        if posting_id in self._rows:
            raise ValueError(f"posting id {posting_id!r} already indexed")
        folded = fold_text(text) if folded is None else folded
        row, sig, keys, digest = self._lookup(folded, signature, keys)
        if row is not None:
            return self._ids[row]
        row = self._append(posting_id, sig)
        self._exact.setdefault(digest, row)
        buckets = self._buckets
        for key in keys:
            buckets.setdefault(key, row)
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
