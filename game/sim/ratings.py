"""Ratings of AI levels on one Elo scale, from games between them; and a sequential test of which is stronger.

Bradley–Terry (Bradley & Terry 1952), fitted by maximum likelihood with scipy, with a term for the side played:
the siege is asymmetric, so the chance that level x, playing the first side, beats level y is
1 / (1 + 10^-((r_x - r_y + h) / 400)), h the first side's advantage in Elo.  The 95% intervals come from the
inverse of the likelihood's Hessian (normal approximation); the first level is the scale's zero.  A weak prior
(a normal of 1,000 Elo on each rating) keeps the fit finite when one level wins every game.

The sequential probability ratio test is the one chess engine testing uses (fishtest: the generalised SPRT with
a normal approximation, Van den Bergh), on the scores of game pairs (each seed played twice, sides swapped):
it stops as soon as the evidence says H1 (the gain is ELO1) or H0 (ELO0), with error rates α and β.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

K = math.log(10) / 400  # Elo points to the logistic's scale
PRIOR = 1000.0  # Elo: the weak prior on every rating


@dataclass(frozen=True)
class Ratings:
    levels: tuple[str, ...]
    elo: dict[str, float]  # the first level at 0
    low: dict[str, float]  # 95% interval
    high: dict[str, float]
    side_advantage: float  # Elo the first side is worth
    cov: np.ndarray  # covariance of the ratings (the first level's row and column are 0)
    games: int

    def difference(self, a: str, b: str) -> tuple[float, float, float]:
        """r_a − r_b with its 95% interval."""
        i, j = self.levels.index(a), self.levels.index(b)
        d = self.elo[a] - self.elo[b]
        sd = math.sqrt(max(0.0, self.cov[i, i] + self.cov[j, j] - 2 * self.cov[i, j]))
        return d, d - 1.96 * sd, d + 1.96 * sd


def fit(levels: tuple[str, ...], games: list[tuple[str, str, float]]) -> Ratings:
    """Ratings from (level playing the first side, level playing the second, the first side's score 0/½/1)."""
    from scipy.optimize import minimize

    index = {lv: i for i, lv in enumerate(levels)}
    a = np.array([index[x] for x, _, _ in games])
    b = np.array([index[y] for _, y, _ in games])
    score = np.array([s for _, _, s in games], dtype=float)
    n = len(levels)

    def unpack(theta):
        return np.concatenate([[0.0], theta[:n - 1]]), theta[n - 1]

    def nll(theta):
        r, h = unpack(theta)
        z = K * (r[a] - r[b] + h)
        p = 1 / (1 + np.exp(-z))
        eps = 1e-12
        grad_z = K * (p - score)
        g = np.zeros(n)
        np.add.at(g, a, grad_z)
        np.add.at(g, b, -grad_z)
        grad = np.concatenate([g[1:] + theta[:n - 1] / PRIOR ** 2, [grad_z.sum()]])
        value = -(score * np.log(p + eps) + (1 - score) * np.log(1 - p + eps)).sum() + (theta[:n - 1] ** 2).sum() / (2 * PRIOR ** 2)
        return value, grad

    theta = minimize(nll, np.zeros(n), jac=True, method="BFGS").x
    r, h = unpack(theta)
    hessian = hessian_of(levels, a, b, r, h)
    cov_all = np.linalg.inv(hessian)
    cov = np.zeros((n, n))
    cov[1:, 1:] = cov_all[:n - 1, :n - 1]
    sd = np.sqrt(np.diag(cov))
    elo = {lv: float(r[i]) for lv, i in index.items()}
    return Ratings(levels, elo, {lv: elo[lv] - 1.96 * sd[i] for lv, i in index.items()},
                   {lv: elo[lv] + 1.96 * sd[i] for lv, i in index.items()}, float(h), cov, len(games))


def hessian_of(levels, a, b, r, h) -> np.ndarray:
    """The negative log-likelihood's Hessian in (r_1.., h), r_0 fixed at 0."""
    n = len(levels)
    p = 1 / (1 + np.exp(-K * (r[a] - r[b] + h)))
    w = K * K * p * (1 - p)
    full = np.zeros((n + 1, n + 1))  # ratings 0..n-1, then h
    for i, j, wt in zip(a, b, w):
        for u, su in ((i, 1), (j, -1), (n, 1)):
            for v, sv in ((i, 1), (j, -1), (n, 1)):
                full[u, v] += su * sv * wt
    keep = list(range(1, n + 1))
    hess = full[np.ix_(keep, keep)]
    hess[:n - 1, :n - 1] += np.eye(n - 1) / PRIOR ** 2
    return hess


PSEUDO = (0.0, 0.5, 1.0)  # pairs added to the sample before its mean and variance are taken


def expected_score(elo: float) -> float:
    return 1 / (1 + 10 ** (-elo / 400))


@dataclass(frozen=True)
class Verdict:
    llr: float
    lower: float
    upper: float
    pairs: int
    decided: str  # "H1" (the gain is ELO1), "H0" (it is ELO0) or "" (play on)


def sprt(pair_scores: list[float], elo0: float, elo1: float, alpha: float = 0.05, beta: float = 0.05) -> Verdict:
    """The log-likelihood ratio of H1 (the gain is `elo1`) against H0 (`elo0`) from the pairs' mean scores (each
    0, ½ or 1), with fishtest's normal approximation, the sample widened by a loss, a draw and a win (so a few
    pairs alike decide nothing); decided once it leaves (ln β/(1−α), ln (1−β)/α)."""
    lower, upper = math.log(beta / (1 - alpha)), math.log((1 - beta) / alpha)
    n = len(pair_scores)
    if n < 2:
        return Verdict(0.0, lower, upper, n, "")
    x = np.array([*pair_scores, *PSEUDO], dtype=float)  # a loss, a draw and a win more: no certainty from a few alike
    mean, var = x.mean(), x.var()
    s0, s1 = expected_score(elo0), expected_score(elo1)
    llr = n * (s1 - s0) * (2 * mean - s0 - s1) / (2 * var)
    decided = "H1" if llr >= upper else "H0" if llr <= lower else ""
    return Verdict(float(llr), lower, upper, n, decided)
