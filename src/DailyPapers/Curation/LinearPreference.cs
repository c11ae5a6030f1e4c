using System.Numerics.Tensors;

namespace DailyPapers.Curation;

/// <summary>
/// A reader's taste as a linear model over paper embeddings, as arxiv-sanity-lite does with an SVM over tf-idf (the
/// digest's model before the recommender; the curation's measure of interest still sums it over readers):
/// L2-regularised logistic regression with the reader's papers (upvotes, collections) as positives and a random
/// sample of the catalogue as negatives, classes weighted equally. A paper's score is w·x + b; above 0 the model
/// finds it more like the reader's papers than like the typical paper.
/// </summary>
public sealed class LinearPreference
{
    private LinearPreference(float[] weights, float bias)
    {
        Weights = weights;
        Bias = bias;
    }

    public float[] Weights { get; }
    public float Bias { get; }

    public float Score(ReadOnlySpan<float> x) => TensorPrimitives.Dot(Weights, x) + Bias;

    /// <summary>Trains by full-batch gradient descent; vectors are unit length, so a fixed step converges.</summary>
    public static LinearPreference Train(IReadOnlyList<float[]> positives, IReadOnlyList<float[]> negatives,
        float l2 = 1e-3f, int iterations = 150, float step = 2f)
    {
        ArgumentOutOfRangeException.ThrowIfZero(positives.Count);
        ArgumentOutOfRangeException.ThrowIfZero(negatives.Count);
        var dims = positives[0].Length;
        var w = new float[dims];
        var grad = new float[dims];
        var b = 0f;
        var n = positives.Count + negatives.Count;
        var weightPos = n / (2f * positives.Count);
        var weightNeg = n / (2f * negatives.Count);
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(grad);
            var gradB = 0f;
            Accumulate(positives, 1f, weightPos);
            Accumulate(negatives, 0f, weightNeg);
            // grad = mean loss gradient + l2·w
            TensorPrimitives.Multiply(grad, 1f / n, grad);
            TensorPrimitives.MultiplyAdd(w, l2, grad, grad);
            TensorPrimitives.MultiplyAdd(grad, -step, w, w);
            b -= step * gradB / n;

            void Accumulate(IReadOnlyList<float[]> rows, float label, float weight)
            {
                foreach (var x in rows)
                {
                    var p = 1f / (1f + MathF.Exp(-(TensorPrimitives.Dot(w, x) + b)));
                    var g = weight * (p - label);
                    TensorPrimitives.MultiplyAdd(x, g, grad, grad);
                    gradB += g;
                }
            }
        }
        return new LinearPreference(w, b);
    }
}
