using System.Globalization;
using System.Text;

namespace DailyPapers.Recommendations.Model;

/// <summary>
/// A paper's words for lexical similarity, as arxiv-sanity-lite counts them: lower case without accents, tokens of
/// letters, digits and '_' that start with a letter or '_' and have two characters or more, English stop words
/// dropped, then every word and every pair of neighbouring words with their counts.
/// </summary>
public static class PaperTerms
{
    public static Dictionary<string, int> Count(string text)
    {
        // scikit-learn's pattern \b[a-zA-Z_][a-zA-Z0-9_]+\b: a whole run of word characters, ASCII only.
        var tokens = new List<string>();
        var folded = Fold(text);
        var start = 0;
        for (var i = 0; i <= folded.Length; i++)
        {
            if (i < folded.Length && (char.IsLetterOrDigit(folded[i]) || folded[i] == '_'))
            {
                continue;
            }
            var run = folded.AsSpan(start, i - start);
            if (run.Length >= 2 && (char.IsAsciiLetterLower(run[0]) || run[0] == '_') && IsAsciiWord(run))
            {
                var token = run.ToString();
                if (!StopWords.Contains(token))
                {
                    tokens.Add(token);
                }
            }
            start = i + 1;
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            counts[tokens[i]] = counts.GetValueOrDefault(tokens[i]) + 1;
            if (i + 1 < tokens.Count)
            {
                var pair = string.Concat(tokens[i], " ", tokens[i + 1]);
                counts[pair] = counts.GetValueOrDefault(pair) + 1;
            }
        }
        return counts;
    }

    private static bool IsAsciiWord(ReadOnlySpan<char> run)
    {
        foreach (var c in run)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Lower case, accents taken off (NFKD without combining marks).</summary>
    private static string Fold(string text)
    {
        if (!text.AsSpan().ContainsAnyExceptInRange((char)0, (char)127))
        {
            return text.ToLowerInvariant(); // most abstracts: nothing to decompose
        }
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        return sb.ToString();
    }

    /// <summary>The Glasgow Information Retrieval Group's English stop words (scikit-learn's ENGLISH_STOP_WORDS).</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>("""
        a about above across after afterwards again against all almost alone along already also although always am among
        amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at back be became
        because become becomes becoming been before beforehand behind being below beside besides between beyond bill both
        bottom but by call can cannot cant co con could couldnt cry de describe detail do done down due during each eg eight
        either eleven else elsewhere empty enough etc even ever every everyone everything everywhere except few fifteen fifty
        fill find fire first five for former formerly forty found four from front full further get give go had has hasnt
        have he hence her here hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
        inc indeed interest into is it its itself keep last latter latterly least less ltd made many may me meanwhile might
        mill mine more moreover most mostly move much must my myself name namely neither never nevertheless next nine no
        nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours
        ourselves out over own part per perhaps please put rather re same see seem seemed seeming seems serious several she
        should show side since sincere six sixty so some somehow someone something sometime sometimes somewhere still such
        system take ten than that the their them themselves then thence there thereafter thereby therefore therein thereupon
        these they thick thin third this those though three through throughout thru thus to together too top toward towards
        twelve twenty two un under until up upon us very via was we well were what whatever when whence whenever where
        whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why
        will with within without would yet you your yours yourself yourselves
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
