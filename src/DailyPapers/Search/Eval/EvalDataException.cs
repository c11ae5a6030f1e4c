namespace DailyPapers.Search.Eval;

/// <summary>
/// An evaluation input that cannot be read as its layout says: the file, the line (1-based; 0 for the file as a
/// whole) and what is wrong, so the verb can name it instead of measuring a corpus it misread.
/// </summary>
public sealed class EvalDataException(string path, int line, string problem)
    : Exception(line > 0 ? $"{path}, line {line}: {problem}" : $"{path}: {problem}")
{
    public string FilePath { get; } = path;
    public int Line { get; } = line;
    public string Problem { get; } = problem;
}
