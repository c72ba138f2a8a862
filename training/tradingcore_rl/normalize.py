"""Observation normalisation: clip((raw - mean) / std, -clip, clip), statistics of the training split."""

import numpy as np

STD_FLOOR = 1e-8


class Normalizer:
    def __init__(self, mean, std, clip=5.0):
        self.mean = np.asarray(mean, dtype=np.float64)
        self.std = np.asarray(std, dtype=np.float64)
        self.clip = float(clip)
        if self.mean.shape != self.std.shape or np.any(~(self.std > 0)):
            raise ValueError("std must be positive and match mean")

    @classmethod
    def fit(cls, rows, position_columns, clip=5.0):
        """Mean and std of each column of `rows` ([T, N] raw observations of the training split);
        the position columns get mean 0 and std 1; a constant column gets std 1."""
        rows = np.asarray(rows, dtype=np.float64)
        mean = rows.mean(axis=0)
        std = rows.std(axis=0)
        std = np.where(std > STD_FLOOR, std, 1.0)
        mean[list(position_columns)] = 0.0
        std[list(position_columns)] = 1.0
        return cls(mean, std, clip)

    def __call__(self, raw):
        return np.clip((np.asarray(raw, dtype=np.float64) - self.mean) / self.std,
                       -self.clip, self.clip)
