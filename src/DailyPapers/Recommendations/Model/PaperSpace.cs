using System.Numerics.Tensors;

namespace DailyPapers.Recommendations.Model;

/// <summary>
/// Where the model compares papers: embeddings minus the catalogue's mean vector, scaled back to unit length.
/// MiniLM puts every scientific abstract in one narrow cone (two unrelated papers still have cosine ~0.2-0.3);
/// taking the shared direction out spreads them, so similarity speaks about topic rather than about genre.
/// </summary>
public sealed class PaperSpace(float[]? centre)
{
    /// <summary>The space of raw embeddings (no centre known yet, e.g. an empty catalogue).</summary>
    public static readonly PaperSpace Raw = new(null);

    public float[]? Centre { get; } = centre;

    /// <summary>The mean of these vectors: the centre for <see cref="PaperSpace"/>.</summary>
    public static PaperSpace FromSample(IEnumerable<float[]> vectors)
    {
        float[]? sum = null;
        var n = 0;
        foreach (var v in vectors)
        {
            sum ??= new float[v.Length];
            TensorPrimitives.Add(sum, v, sum);
            n++;
        }
        if (sum is null)
        {
            return Raw;
        }
        TensorPrimitives.Divide(sum, n, sum);
        return new PaperSpace(sum);
    }

    /// <summary>The vector as compared here (a new array), or null without one.</summary>
    public float[]? Place(float[]? vector)
    {
        if (vector is null)
        {
            return null;
        }
        var placed = new float[vector.Length];
        if (Centre is { } centre && centre.Length == vector.Length)
        {
            TensorPrimitives.Subtract(vector, centre, placed);
        }
        else
        {
            vector.CopyTo(placed, 0);
        }
        var norm = TensorPrimitives.Norm(placed);
        if (norm > 0)
        {
            TensorPrimitives.Divide(placed, norm, placed);
        }
        return placed;
    }
}
