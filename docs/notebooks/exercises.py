"""Answer checks for the exercises in the course notebooks (``from exercises import ...``).

Each ``check_...`` function takes your ``answer`` and the data the exercise is about, works out
the expected answer on its own, prints ``Correct: ...`` or ``Not yet: <a hint>`` and returns
True or False. An answer left at ``None`` is "not yet", never an error, so "Run all" works before
you have tried any exercise.

Keep this file next to the notebooks when you run them on your own computer (the downloads on the
course site include it).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from answers import Judgement, half_unit, judge, judge_all, read


def _verdict(ok: bool, praise: str, hint: str) -> bool:
    print(f"Correct: {praise}" if ok else f"Not yet: {hint}")
    return ok


def _not_started(answer: Any) -> bool:
    if answer is None:
        print("Not yet: `answer` is still None. Write your code in the exercise cell, run it, "
              "then run this cell again.")
        return True
    return False


def _number(answer: Any) -> float | None:
    reading = read(answer)
    return reading.value if reading is not None else None


def _close(answer: Any, expected: float) -> bool:
    """Whether a number the check suspects (a count, a swapped value) is ``expected``, at the
    precision the answer was given."""
    return judge(answer, expected, 1).ok


def _vector(answer: Any) -> np.ndarray | None:
    try:
        return np.asarray([_number(a) for a in np.asarray(answer, dtype=object).ravel()],
                          dtype=float).reshape(np.shape(answer))
    except (TypeError, ValueError):
        return None


def _also(judgement: Judgement, hint: str) -> str:
    """The exercise's hint, after what is wrong with the number as given (if anything)."""
    return f"{judgement.problem}; {hint}" if judgement.problem else hint


# --- N-gram language model -------------------------------------------------------------------

def check_bigram_mle(answer: Any, sentences: Sequence[Sequence[str]], previous: str, word: str) -> bool:
    """P(word | previous) by maximum likelihood, with <s> and </s> padding."""
    if _not_started(answer):
        return False
    pair = history = 0
    for sentence in sentences:
        padded = ["<s>", *sentence, "</s>"]
        for a, b in zip(padded, padded[1:]):
            history += a == previous
            pair += (a, b) == (previous, word)
    expected = pair / history
    judgement = judge(answer, expected, significant=2)
    if judgement.ok:
        return _verdict(True, f"'{previous} {word}' occurs {pair} times and '{previous}' is followed "
                              f"by some word {history} times: P = {pair}/{history} = {expected:.4f} "
                              f"({judgement.how}).", "")
    if _close(answer, pair):
        return _verdict(False, "", "that is the count of the pair; divide it by how often "
                                   f"'{previous}' is followed by any word.")
    if judgement.coarse:
        return _verdict(False, "", f"{judgement.problem}.")
    return _verdict(False, "", _also(judgement, f"count the pairs ('{previous}', '{word}') over all "
                                                "training sentences and divide by the number of pairs "
                                                f"that start with '{previous}'."))


def check_temperature(answer: Any, probs: Sequence[float], temperature: float) -> bool:
    """The distribution ``probs`` rescaled by ``temperature``."""
    if _not_started(answer):
        return False
    p = np.asarray(probs, dtype=float)
    expected = p ** (1 / temperature) / (p ** (1 / temperature)).sum()
    got = _vector(answer)
    if got is None or got.shape != expected.shape or np.isnan(got).any():
        return _verdict(False, "", f"give one probability per word: a list of {len(p)} numbers.")
    items = list(np.ravel(np.asarray(answer, dtype=object)))
    judgement = judge_all(items, list(expected), significant=2)
    if judgement.ok:
        shown = ", ".join(f"{x:.3f}" for x in expected)
        return _verdict(True, f"[{shown}] ({judgement.how}): a temperature below 1 moves probability "
                              "to the most likely word.", "")
    if abs(got.sum() - 1.0) > 1e-6 + len(items) * half_unit(items):
        return _verdict(False, "", f"your numbers sum to {got.sum():.3f}; divide each by their sum "
                                   "so that they form a distribution.")
    if judgement.coarse:
        return _verdict(False, "", f"{judgement.problem}.")
    return _verdict(False, "", _also(judgement, "raise each probability to the power 1/T, then "
                                                "divide by the sum."))


# --- Tokenization ----------------------------------------------------------------------------

def check_next_merge(answer: Any, words: Mapping[str, int], splits: Mapping[str, Sequence[str]]) -> bool:
    """The most frequent adjacent pair of symbols, counted with each word's frequency."""
    if _not_started(answer):
        return False
    pairs: Counter[tuple[str, str]] = Counter()
    for word, count in words.items():
        symbols = list(splits[word])
        for a, b in zip(symbols, symbols[1:]):
            pairs[(a, b)] += count
    best = max(pairs.values())
    winners = sorted(pair for pair, count in pairs.items() if count == best)
    if not isinstance(answer, tuple) or len(answer) != 2:
        return _verdict(False, "", "give the pair as a tuple of two symbols, such as ('o', 'l').")
    if answer in winners:
        rank = "more than any other pair" if len(winners) == 1 else "a tie for the most frequent pair"
        return _verdict(True, f"{answer!r} occurs {best} times, {rank}.", "")
    if answer in pairs:
        return _verdict(False, "", f"{answer!r} occurs {pairs[answer]} times; another pair occurs "
                                   f"{best} times. Weight each word's pairs by the word's count.")
    return _verdict(False, "", f"{answer!r} is not a pair of adjacent symbols in `splits` after the "
                               "merges above.")


def check_largest_saving(answer: Any, terms: Sequence[str], general: Any, clinical: Any) -> bool:
    """The term for which the clinical tokenizer saves the most tokens over the general one."""
    if _not_started(answer):
        return False
    saving = {term: len(general.encode(term).tokens) - len(clinical.encode(term).tokens)
              for term in terms}
    best = max(saving.values())
    if answer not in saving:
        return _verdict(False, "", f"{answer!r} is not one of `terms`.")
    if saving[answer] == best:
        return _verdict(True, f"{answer!r} needs {best} fewer tokens with the clinical tokenizer.", "")
    return _verdict(False, "", f"{answer!r} saves {saving[answer]} tokens; one term saves {best}. "
                               "Subtract the clinical count from the general count for every term.")


# --- Attention ---------------------------------------------------------------------------------

def check_attention_row(answer: Any, X: np.ndarray, index: int) -> bool:
    """The attention weights of token ``index`` with Q = K = V = X, scaled by sqrt(d)."""
    if _not_started(answer):
        return False
    scores = X[index] @ X.T / np.sqrt(X.shape[1])
    expected = np.exp(scores - scores.max())
    expected /= expected.sum()
    got = _vector(answer)
    if got is None or got.shape != expected.shape or np.isnan(got).any():
        return _verdict(False, "", f"give one weight per token: a vector of {len(expected)} numbers.")
    items = list(np.ravel(np.asarray(answer, dtype=object)))
    judgement = judge_all(items, list(expected), significant=2)
    if judgement.ok:
        return _verdict(True, f"the weights sum to 1 and the largest ({expected.max():.2f}) is on the "
                              f"token itself ({judgement.how}).", "")
    if judgement.coarse:
        return _verdict(False, "", f"{judgement.problem}.")
    unscaled = np.exp(X[index] @ X.T - (X[index] @ X.T).max())
    if judge_all(items, list(unscaled / unscaled.sum()), significant=2).ok:
        return _verdict(False, "", f"divide the scores by sqrt(d_k) = {np.sqrt(X.shape[1]):.0f} "
                                   "before the softmax.")
    return _verdict(False, "", _also(judgement, "score = the token's vector dotted with every row of "
                                                "X, divided by sqrt(d_k); then softmax (exponentiate "
                                                "and divide by the sum)."))


def check_padding_mask(answer: Any, n: int, n_padding: int) -> bool:
    """A causal mask that also hides the last ``n_padding`` keys."""
    if _not_started(answer):
        return False
    expected = np.tril(np.ones((n, n), dtype=bool))
    expected[:, n - n_padding:] = False
    got = np.asarray(answer)
    if got.shape != (n, n):
        return _verdict(False, "", f"the mask needs one row per query and one column per key: shape "
                                   f"({n}, {n}), not {got.shape}.")
    if got.dtype != bool:
        return _verdict(False, "", "use True (may attend) and False (may not), e.g. `mask.astype(bool)`.")
    if np.array_equal(got, expected):
        return _verdict(True, "no query sees a later position or a padding key.", "")
    if np.array_equal(got, np.tril(np.ones((n, n), dtype=bool))):
        return _verdict(False, "", f"that is the causal mask alone; also set the last {n_padding} "
                                   "columns (the padding keys) to False.")
    if np.any(got & ~np.tril(np.ones((n, n), dtype=bool))):
        return _verdict(False, "", "some query may attend to a later position: keep only j <= i.")
    return _verdict(False, "", f"a query may attend to key j when j <= i and j is not one of the last "
                               f"{n_padding} positions.")


# --- Exploring healthcare data -----------------------------------------------------------------

def check_missing_per_stay(answer: Any, vitals: Iterable[Mapping[str, str]],
                           labels: Sequence[str], hours: int) -> bool:
    """How many of the hourly ``labels`` measurements each stay is missing."""
    if _not_started(answer):
        return False
    rows = list(vitals)
    stays = sorted({row["stay_id"] for row in rows})
    counts = Counter(row["stay_id"] for row in rows if row["label"] in labels)
    expected = {stay: hours * len(labels) - counts[stay] for stay in stays}
    if not isinstance(answer, Mapping):
        return _verdict(False, "", "give a dict from stay_id (a string, as in the CSV) to a number.")
    if set(answer) != set(expected):
        return _verdict(False, "", f"give one entry for each of the {len(stays)} stays: "
                                   f"{', '.join(stays)}.")
    wrong = [stay for stay in stays if answer[stay] != expected[stay]]
    if not wrong:
        worst = max(expected, key=lambda stay: expected[stay])
        return _verdict(True, f"stay {worst} misses the most ({expected[worst]} measurements).", "")
    return _verdict(False, "", f"stay {wrong[0]} is off. Each stay should have {hours} values of each "
                               f"of {len(labels)} hourly vitals; count the rows it has.")


def check_uncertain_share(answer: Any, rows: Iterable[Mapping[str, str]], observation: str) -> bool:
    """Among images whose report mentions ``observation``, the share labelled uncertain (-1.0)."""
    if _not_started(answer):
        return False
    values = [row[observation] for row in rows]
    mentioned = [v for v in values if v != ""]
    uncertain = sum(v == "-1.0" for v in mentioned)
    expected = uncertain / len(mentioned)
    judgement = judge(answer, expected, decimals=2)  # a whole percentage: "25%" is 0.25
    if judgement.ok:
        return _verdict(True, f"{uncertain} of the {len(mentioned)} images that mention "
                              f"{observation.lower()} are uncertain ({expected:.0%}; {judgement.how}).", "")
    if judgement.coarse:
        return _verdict(False, "", f"{judgement.problem}.")
    if _close(answer, uncertain / len(values)):
        return _verdict(False, "", "divide by the images whose label is not blank (mentioned), "
                                   "not by all images.")
    return _verdict(False, "", _also(judgement, f"count the '-1.0' labels in the {observation!r} "
                                                "column and divide by the number of non-blank labels."))


# --- Evaluating outputs ------------------------------------------------------------------------

def check_exact_prf(answer: Any, gold_docs: Sequence[Mapping[str, Any]],
                    pred_docs: Sequence[Mapping[str, Any]]) -> bool:
    """(precision, recall, F1) over all labels with exact matching."""
    if _not_started(answer):
        return False

    def spans(docs: Sequence[Mapping[str, Any]]) -> set[tuple[Any, ...]]:
        return {(d["id"], e["start"], e["end"], e["label"]) for d in docs for e in d["entities"]}
    gold, pred = spans(gold_docs), spans(pred_docs)
    tp = len(gold & pred)
    precision, recall = tp / len(pred), tp / len(gold)
    f1 = 2 * precision * recall / (precision + recall)
    if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != 3:
        return _verdict(False, "", "give three numbers: (precision, recall, f1).")
    judgement = judge_all(list(answer), [precision, recall, f1], significant=2)
    if judgement.ok:
        return _verdict(True, f"TP = {tp}, FP = {len(pred) - tp}, FN = {len(gold) - tp}: precision "
                              f"{precision:.3f}, recall {recall:.3f}, F1 {f1:.3f} ({judgement.how}).", "")
    if judgement.coarse:
        return _verdict(False, "", f"{judgement.problem}.")
    if judge_all([answer[1], answer[0]], [precision, recall], significant=2).ok:
        return _verdict(False, "", "precision and recall are swapped: precision divides by the "
                                   "predictions, recall by the gold entities.")
    return _verdict(False, "", _also(judgement, f"there are {len(gold)} gold and {len(pred)} predicted "
                                                "entities; count those with the same document, start, "
                                                "end and label."))


def check_rouge1_recall(answer: Any, candidate: str, reference: str) -> bool:
    """ROUGE-1 recall with clipped counts, on lower-cased words."""
    if _not_started(answer):
        return False

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", text.lower())
    cand, ref = Counter(words(candidate)), Counter(words(reference))
    overlap = sum((cand & ref).values())
    expected = overlap / sum(ref.values())
    judgement = judge(answer, expected, significant=2)
    if judgement.ok:
        return _verdict(True, f"{overlap} of the reference's {sum(ref.values())} words are covered: "
                              f"recall {expected:.3f} ({judgement.how}).", "")
    if judgement.coarse:
        return _verdict(False, "", f"{judgement.problem}.")
    unclipped = sum(count for word, count in cand.items() if word in ref)
    if _close(answer, unclipped / sum(ref.values())):
        return _verdict(False, "", "clip each word's count to how often it occurs in the reference "
                                   "(Counter's `&` does that).")
    if _close(answer, overlap / sum(cand.values())):
        return _verdict(False, "", "that is precision; recall divides by the reference's length.")
    return _verdict(False, "", _also(judgement, "count the words both texts share (clipped), "
                                                "divided by the number of words in the reference."))


# --- Retrieval over notes ------------------------------------------------------------------------

def _dcg(gains: Sequence[float]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def check_ndcg(answer: Any, ranking: Sequence[str], relevance: Mapping[str, int], k: int) -> bool:
    """nDCG@k of ``ranking`` (note ids, best first), the gain of a note being its grade."""
    if _not_started(answer):
        return False
    gains = [relevance.get(note, 0) for note in ranking[:k]]
    ideal = _dcg(sorted(relevance.values(), reverse=True)[:k])
    expected = _dcg(gains) / ideal
    judgement = judge(answer, expected, significant=2)
    if judgement.ok:
        return _verdict(True, f"DCG@{k} = {_dcg(gains):.3f} and the ideal DCG@{k} = {ideal:.3f}: nDCG@{k} = "
                              f"{expected:.3f} ({judgement.how}).", "")
    if judgement.coarse:
        return _verdict(False, "", f"{judgement.problem}.")
    if _close(answer, _dcg(gains)):
        return _verdict(False, "", "that is the DCG; divide it by the DCG of the ideal ranking (all the "
                                   "judged grades sorted from best, cut at k).")
    if any(gains) and _close(answer, _dcg(gains) / _dcg(sorted(gains, reverse=True))):
        return _verdict(False, "", "the ideal ranking is made from every judged note of the query, not only "
                                   "from those the retriever found.")
    binary = [float(g > 0) for g in gains]
    if _close(answer, _dcg(binary) / _dcg([1.0] * min(k, len(relevance)))):
        return _verdict(False, "", "use the grades (2 or 1) as gains, not 1 for every relevant note.")
    return _verdict(False, "", _also(judgement, "the note at rank i adds its grade / log2(i + 1); sum over "
                                                f"the top {k}, then divide by the same sum for the grades "
                                                "sorted best first."))


def _supports(passage: str, claim: Mapping[str, Any]) -> bool:
    return all(term.lower() in passage.lower() for term in claim["requires"])


def check_unsupported_claims(answer: Any, claims: Sequence[Mapping[str, Any]], passages: Sequence[str]) -> bool:
    """The numbers (from 1) of the claims that no single retrieved passage supports."""
    if _not_started(answer):
        return False
    expected = {n for n, claim in enumerate(claims, start=1) if not any(_supports(p, claim) for p in passages)}
    try:
        given = {int(n) for n in answer}
    except (TypeError, ValueError):
        return _verdict(False, "", "give the claim numbers as a set of integers, such as {1, 2}.")
    if given - set(range(1, len(claims) + 1)):
        return _verdict(False, "", f"the claims are numbered from 1 to {len(claims)}.")
    if given == expected:
        listed = ", ".join(map(str, sorted(expected))) or "none"
        return _verdict(True, f"claims {listed} appear in no retrieved note: the answer reads as well as "
                              "the others, and is not grounded there.", "")
    for n in sorted(given - expected):
        note = next(i for i, p in enumerate(passages, start=1) if _supports(p, claims[n - 1]))
        return _verdict(False, "", f"claim {n} is supported: retrieved passage {note} contains all of its "
                                   "terms.")
    for n in sorted(expected - given):
        terms = claims[n - 1]["requires"]
        if all(any(t.lower() in p.lower() for p in passages) for t in terms):
            return _verdict(False, "", f"claim {n}'s terms each occur somewhere, but no single passage holds "
                                       "them all together.")
    return _verdict(False, "", "a claim is supported when one retrieved passage contains every one of its "
                               "`requires` terms (ignoring case); list the claims for which none does.")


# --- Rubric evaluation ---------------------------------------------------------------------------

def check_cohen_kappa(answer: Any, first: Sequence[int], second: Sequence[int]) -> bool:
    """Cohen's kappa between two raters' grades of the same items."""
    if _not_started(answer):
        return False
    a, b = np.asarray(first), np.asarray(second)
    observed = float(np.mean(a == b))
    chance = float(sum(np.mean(a == g) * np.mean(b == g) for g in np.union1d(a, b)))
    expected = (observed - chance) / (1 - chance)
    judgement = judge(answer, expected, significant=2)
    if judgement.ok:
        return _verdict(True, f"observed agreement {observed:.3f}, chance agreement {chance:.3f}: kappa = "
                              f"{expected:.3f} ({judgement.how}).", "")
    if judgement.coarse:
        return _verdict(False, "", f"{judgement.problem}.")
    if _close(answer, observed):
        return _verdict(False, "", "that is the raw agreement; kappa subtracts the agreement expected by "
                                   "chance: (p_o - p_e) / (1 - p_e).")
    return _verdict(False, "", _also(judgement, "p_o is the share of items with the same grade; p_e sums, "
                                                "over the grades, the product of each rater's share of "
                                                "that grade; kappa = (p_o - p_e) / (1 - p_e)."))


def check_leaderboard(answer: Any, systems: Sequence[str], grades: Sequence[float]) -> bool:
    """The systems ordered by their mean grade, best first (ties in any order)."""
    if _not_started(answer):
        return False
    means = {s: float(np.mean([g for t, g in zip(systems, grades) if t == s])) for s in sorted(set(systems))}
    if not isinstance(answer, (list, tuple)) or sorted(map(str, answer)) != sorted(means):
        return _verdict(False, "", f"give a list of the {len(means)} system names: {', '.join(means)}.")
    scores = [means[s] for s in answer]
    if all(x >= y for x, y in zip(scores, scores[1:])):
        shown = ", ".join(f"{s} {means[s]:.2f}" for s in answer)
        return _verdict(True, f"{shown}.", "")
    if all(x <= y for x, y in zip(scores, scores[1:])):
        return _verdict(False, "", "that is worst first; put the highest mean grade first.")
    return _verdict(False, "", "average the grades of each system's answers, then sort the systems from the "
                               "highest mean to the lowest.")
