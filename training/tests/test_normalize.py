import unittest

import numpy as np

import _path  # noqa: F401
from tradingcore_rl.normalize import Normalizer


class NormalizerTest(unittest.TestCase):
    def test_fit_and_apply(self):
        rows = np.array([[1.0, 0.0, 5.0, 100.0], [3.0, 1.0, 5.0, 100.0], [5.0, 1.0, 5.0, -200.0]])
        n = Normalizer.fit(rows, position_columns=[1], clip=5.0)
        self.assertEqual(n.mean.tolist()[:3], [3.0, 0.0, 5.0])
        self.assertAlmostEqual(n.std[0], np.sqrt(8 / 3))
        self.assertEqual(n.std[1], 1.0)        # position: mean 0, std 1
        self.assertEqual(n.std[2], 1.0)        # constant column: std 1, never 0
        out = n([5.0, 1.0, 5.0, 100.0])
        self.assertAlmostEqual(out[0], 2 / np.sqrt(8 / 3))
        self.assertEqual(out[1], 1.0)
        self.assertEqual(out[2], 0.0)
        # clipping at +-5
        self.assertEqual(n([1e9, -1e9, 5.0, 0.0])[:2].tolist(), [5.0, -5.0])

    def test_rejects_non_positive_std(self):
        with self.assertRaises(ValueError):
            Normalizer([0.0], [0.0])


if __name__ == "__main__":
    unittest.main()
