namespace DailyPapers.Search.Semantic;

/// <summary>
/// How the HNSW graph holds its copy of each vector: 4, 2 or 1 byte a dimension (<c>Search:VectorPrecision</c>).
/// With <see cref="F16"/> and <see cref="I8"/> the graph only proposes candidates, which are then scored again
/// with the float32 vectors, so the ranking stays exact among the papers it finds.
/// </summary>
public enum VectorPrecision
{
    /// <summary>Single precision, 4 bytes a dimension (the graph's scores are final).</summary>
    F32,

    /// <summary>Half precision, 2 bytes a dimension.</summary>
    F16,

    /// <summary>USearch's 8-bit quantisation, 1 byte a dimension.</summary>
    I8,
}
