namespace DailyPapers.Bench.Recommend;

/// <summary>
/// scikit-learn's <c>LinearSVC</c> as arxiv-sanity-lite calls it (serve.py: C = 0.01, class_weight balanced,
/// squared hinge loss, L2 penalty): liblinear's dual coordinate descent with shrinking (Hsieh et al. 2008,
/// "solver 1"), the intercept learnt as one more feature of value 1, regularised like the others, as liblinear does.
/// </summary>
internal static class LinearSvm
{
    /// <summary>The weight vector (last entry: the intercept) of an SVM separating positives (true) from the rest.</summary>
    public static float[] Train(IReadOnlyList<SparseVector> rows, IReadOnlyList<bool> positive, int dims, double c = 0.01,
        double tolerance = 1e-4, int maxEpochs = 1000, int seed = 0)
    {
        var n = rows.Count;
        var w = new double[dims + 1];
        var positives = positive.Count(p => p);
        // class_weight='balanced': n / (2 · class size), times C.
        var cPos = c * n / (2.0 * positives);
        var cNeg = c * n / (2.0 * (n - positives));
        var alpha = new double[n];
        var diag = new double[n];
        var qd = new double[n];
        var y = new sbyte[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = positive[i] ? (sbyte)1 : (sbyte)-1;
            diag[i] = 0.5 / (positive[i] ? cPos : cNeg);
            qd[i] = diag[i] + rows[i].SquaredNorm() + 1; // + the intercept feature
        }
        var index = Enumerable.Range(0, n).ToArray();
        var active = n;
        var random = new Random(seed);
        var pgMaxOld = double.PositiveInfinity;
        var pgMinOld = double.NegativeInfinity;
        for (var epoch = 0; epoch < maxEpochs; epoch++)
        {
            var pgMax = double.NegativeInfinity;
            var pgMin = double.PositiveInfinity;
            for (var i = 0; i < active; i++)
            {
                var j = i + random.Next(active - i);
                (index[i], index[j]) = (index[j], index[i]);
            }
            for (var s = 0; s < active; s++)
            {
                var i = index[s];
                var row = rows[i];
                var dot = w[dims];
                for (var k = 0; k < row.Index.Length; k++)
                {
                    dot += w[row.Index[k]] * row.Value[k];
                }
                var g = y[i] * dot - 1 + alpha[i] * diag[i];
                var pg = 0.0;
                if (alpha[i] == 0)
                {
                    if (g > pgMaxOld)
                    {
                        // Shrinking: a bound variable whose gradient points outwards is left out until the end.
                        active--;
                        (index[s], index[active]) = (index[active], index[s]);
                        s--;
                        continue;
                    }
                    pg = Math.Min(g, 0);
                }
                else
                {
                    pg = g;
                }
                pgMax = Math.Max(pgMax, pg);
                pgMin = Math.Min(pgMin, pg);
                if (Math.Abs(pg) > 1e-12)
                {
                    var old = alpha[i];
                    alpha[i] = Math.Max(old - g / qd[i], 0);
                    var d = (alpha[i] - old) * y[i];
                    for (var k = 0; k < row.Index.Length; k++)
                    {
                        w[row.Index[k]] += d * row.Value[k];
                    }
                    w[dims] += d;
                }
            }
            if (pgMax - pgMin <= tolerance)
            {
                if (active == n)
                {
                    break;
                }
                active = n; // converged on the active set: check every variable once more
                pgMaxOld = double.PositiveInfinity;
                pgMinOld = double.NegativeInfinity;
                continue;
            }
            pgMaxOld = pgMax <= 0 ? double.PositiveInfinity : pgMax;
            pgMinOld = pgMin >= 0 ? double.NegativeInfinity : pgMin;
        }
        return w.Select(x => (float)x).ToArray();
    }

    /// <summary>The decision function w·x + b (b is the weight vector's last entry).</summary>
    public static float Decision(float[] w, SparseVector x) => x.Dot(w) + w[^1];
}
