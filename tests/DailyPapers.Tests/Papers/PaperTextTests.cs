using System.Text;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Papers;

public sealed class PaperTextTests
{
    // Titles quoted exactly from /work/shared/data/arxiv-snapshot/arxiv-metadata-oai-snapshot.head200.jsonl
    // (0704.*) and /work/shared/data/seed-papers.jsonl (the others).
    public static TheoryData<string, string> Titles => new()
    {
        { "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies", "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies" },
        { "From dyadic $\\Lambda_{\\alpha}$ to $\\Lambda_{\\alpha}$", "From dyadic Λ_α to Λ_α" },
        { "Computing genus 2 Hilbert-Siegel modular forms over $\\Q(\\sqrt{5})$ via\n  the Jacquet-Langlands correspondence", "Computing genus 2 Hilbert-Siegel modular forms over ℚ(√5) via the Jacquet-Langlands correspondence" },
        { "$p$-adic Limit of Weakly Holomorphic Modular Forms of Half Integral\n  Weight", "p-adic Limit of Weakly Holomorphic Modular Forms of Half Integral Weight" },
        { "Approximation for extinction probability of the contact process based on\n  the Gr\\\"obner basis", "Approximation for extinction probability of the contact process based on the Gröbner basis" },
        { "A transcendental approach to Koll\\'ar's injectivity theorem", "A transcendental approach to Kollár's injectivity theorem" },
        { "Quasi-quartet crystal electric field ground state in a tetragonal\n  CeAg$_2$Ge$_2$ single crystal", "Quasi-quartet crystal electric field ground state in a tetragonal CeAg₂Ge₂ single crystal" },
        { "Evidence for an excitonic insulator phase in 1T-TiSe$_{2}$", "Evidence for an excitonic insulator phase in 1T-TiSe₂" },
        { "Reparametrization Invariance, the controversial extraction of $\\alpha$\n  from $B\\to\\pi\\pi$ and New Physics", "Reparametrization Invariance, the controversial extraction of α from B→ππ and New Physics" },
        { "The Hardy-Lorentz Spaces $H^{p,q}(R^n)$", "The Hardy-Lorentz Spaces H^(p,q)(Rⁿ)" },
        { "Strong Phase and $D^0-D^0bar$ mixing at BES-III", "Strong Phase and D⁰-D⁰bar mixing at BES-III" },
        { "Measurement of the Hadronic Form Factor in D0 --> K- e+ nue Decays", "Measurement of the Hadronic Form Factor in D0 --> K- e+ nue Decays" },
        { "Hadrons in Medium -- Theory confronts experiment", "Hadrons in Medium – Theory confronts experiment" },
        { "Dark energy and neutrino model in SUSY -- Remarks on active and sterile\n  neutrinos mixing --", "Dark energy and neutrino model in SUSY – Remarks on active and sterile neutrinos mixing –" },
        { "On Equivariant Embedding of Hilbert C^* modules", "On Equivariant Embedding of Hilbert C^* modules" },
        { "Causality and Renormalization in Finite-Time-Path Out-of-Equilibrium φ^3 QFT", "Causality and Renormalization in Finite-Time-Path Out-of-Equilibrium φ^3 QFT" },
    };

    // Excerpts quoted exactly from abstracts of the same two files, with what they must read as.
    public static TheoryData<string, string> Excerpts => new()
    {
        { "the $(k,\\ell)$-pebble game with colors", "the (k,ℓ)-pebble game with colors" },
        { "that at $(k_F a)^{-1} \\ge 1$", "that at (k_F a)⁻¹ ≥ 1" },
        { "forms $f(z) := \\sum_{n=0}^{\\infty}\na_f(n)q ^n \\in S_{\\lambda+1/2}(\\Gamma_0(N),\\chi)\\cap \\mathbb{Z}[[q]]$", "forms f(z) := ∑ₙ₌₀^∞ a_f(n)q ⁿ ∈ S_(λ+1/2)(Γ₀(N),χ)∩ℤ[[q]]" },
        { "baryons\n$\\Xi_{cc}^{+}$, $\\Xi_{cc}^{++}$ and $\\Omega_{cc}^{+}$.", "baryons Ξ_(cc)⁺, Ξ_(cc)⁺⁺ and Ω_(cc)⁺." },
        { "Djokovi\\'{c}'s and Winkler's relations", "Djoković's and Winkler's relations" },
        { "Castell--Gaines methods.", "Castell–Gaines methods." },
        { "of R\\'ev\\'esz and Sarantopoulos", "of Révész and Sarantopoulos" },
        { "called the `real linear polarization constant' problem", "called the ‘real linear polarization constant’ problem" },
        { "in the $\\bar\\nu_e$ spectrum", "in the ν̄ₑ spectrum" },
        { "above a few$\\times 10^{-5}$.", "above a few×10⁻⁵." },
        { "The quadratic pion scalar radius, \\la r^2\\ra^\\pi_s, plays an important role", "The quadratic pion scalar radius, ⟨r^2⟩^π_s, plays an important role" },
        { "Recently, Yndur\\'ain,\nusing an Omn\\`es representation of the null isospin(I) non-strange pion scalar\nform factor, obtains \\la r^2\\ra^\\pi_s=0.75\\pm 0.07 fm^2.",
            "Recently, Ynduráin, using an Omnès representation of the null isospin(I) non-strange pion scalar form factor, obtains ⟨r^2⟩^π_s=0.75±0.07 fm^2." },
        { "defined in \\cite{hajac} as the", "defined in [hajac] as the" },
        { "broadening, $V_{\\rm rot} \\sin i_{\\rm rot} = 28.9 \\pm 1.0$ \\kms", "broadening, Vᵣₒₜ sin iᵣₒₜ = 28.9 ± 1.0 km/s" },
        { "radius of $R_{\\rm A} = 1.28 \\pm 0.04$ \\rsun.", "radius of R_A = 1.28 ± 0.04 R☉." },
        { "variables \\theta and \\bar\\theta. One of", "variables θ and θ̄. One of" },
        { "A. Petojevi\\' c verified", "A. Petojević verified" },
        { "{\\em Lorentzian}", "Lorentzian" },
        { "$f=(s^1,...,f^{n-1}):\\partial H^m\\to \\partial H^n$", "f=(s¹,...,fⁿ⁻¹):∂Hᵐ→∂Hⁿ" },
        { "order \\cal{O}(\\alpha_{s}^2)$ in deeply inelastic", "order 𝒪(αₛ^2)$ in deeply inelastic" }, // \cal outside math must not leak
        { "Lett. {\\bf 98}, 227202 (2007)", "Lett. 98, 227202 (2007)" },
        { "N\\'eel order", "Néel order" },
        { "{\\cal K}-invariant", "𝒦-invariant" },
        { "near the $D\\bar{D}$ threshold", "near the DD̄ threshold" },
        { "is also an ``improved'' quantization", "is also an “improved” quantization" },
        { "talk given at the\n24$^{\\mathrm{th}}$ IAGRG", "talk given at the 24ᵗʰ IAGRG" },
        { "circulation $\\Gamma=\\oint {\\rm d}{\\bf\nr}\\cdot{\\bf v}({\\bf r})$ about", "circulation Γ=∮dr·v(r) about" },
        { "compound Cu$_{3}$(CO$_{3}$)$_{2}$(OH)$_{2}$", "compound Cu₃(CO₃)₂(OH)₂" },
        { "$B \\to D \\gamma$. %and $B \\to D W $ (Isgur-Wise\nfunction)", "B → D γ. %and B → D W (Isgur-Wise function)" },
        { "Coefficients of $1/N_c$ suppressed", "Coefficients of 1/N_c suppressed" },
        { "integers $r_1\\le r_2\\le ...\\le r_l$", "integers r₁≤r₂≤...≤rₗ" },
        { "nonresonant $\\alpha_p(E_{0+})=+3.2$", "nonresonant αₚ(E₀₊)=+3.2" },
        { "two-photon width $\\Gamma_{\\gamma\\gamma}=2.6$ keV", "two-photon width Γᵧᵧ=2.6 keV" },
        { "velocities of ~500 km/s to ~1000 km/s", "velocities of ~500 km/s to ~1000 km/s" },
        { "fractals -- and thereby", "fractals – and thereby" },
        { "using the $^3P_0$ model", "using the ³P₀ model" },
        { "{\\it Marginally consistent} CDM models", "Marginally consistent CDM models" },
        { "(z=2.282, $\\vartheta=3.59$ arcmin)", "(z=2.282, ϑ=3.59 arcmin)" },
        { "time-independent Schr\\\"odinger equation", "time-independent Schrödinger equation" },
        { "phenomenon of {\\em replica symmetry breaking}", "phenomenon of replica symmetry breaking" },
        { "then -- deepening", "then – deepening" },
        { "Our code is available at https://tkreiman.github.io/projects/mlff_distribution_shifts/.", "Our code is available at https://tkreiman.github.io/projects/mlff_distribution_shifts/." },
        { "predict Tl_{5}Ba_{6}Ca_{6}Cu_{9}O_{29} to exhibit superconductivity with a T_{c} sim 105 K", "predict Tl₅Ba₆Ca₆Cu₉O₂₉ to exhibit superconductivity with a T_c sim 105 K" },
        { "and Kaplan--Shekhtman--Entin-Wohlman--Aharony", "and Kaplan–Shekhtman–Entin-Wohlman–Aharony" },
    };

    // Constructs from the brief and common arXiv usage that the data above does not cover.
    public static TheoryData<string, string> Constructs => new()
    {
        { "$\\phi^3$ theory", "φ³ theory" },
        { "$x_{ij}$ and $10^{-3}$", "xᵢⱼ and 10⁻³" },
        { "$e^{i\\pi}$, $x^\\mu$, $x^{\\prime}$, $f'(x)$, $90^\\circ$", "e^(iπ), x^μ, x′, f′(x), 90°" },
        { "$\\mathcal{O}(n \\log n)$", "𝒪(n log n)" },
        { "$\\mathbb{R}^n$, $\\mathfrak{g}$, $\\mathbf{x}$, $\\mathrm{d}x$", "ℝⁿ, 𝔤, x, dx" },
        { "\\textbf{bold}, \\emph{em}, {\\it it}, \\textit{T}, $\\text{if } x$", "bold, em, it, T, if x" },
        { "$\\frac{a}{b}$, $\\frac{a+b}{2}$, $\\frac12$", "a/b, (a+b)/2, 1/2" },
        { "$\\sqrt{x}$, $\\sqrt{x+1}$, $\\sqrt[3]{2}$", "√x, √(x+1), ∛2" },
        { "$\\left(\\frac{1}{2}\\right)$, $\\left.x\\right|$, $\\langle x \\rangle$", "(1/2), x|, ⟨x⟩" },
        { "$a \\le b$, $\\alpha\\ge 0$, $a \\not= b$, $x \\in A$", "a ≤ b, α≥0, a ≠ b, x ∈ A" },
        { "$\\hbar \\omega \\approx \\infty$, $\\nabla \\times \\mathbf{B}$, $\\sum_i \\prod_j \\int dx$", "ℏω ≈ ∞, ∇ × B, ∑ᵢ ∏ⱼ ∫dx" },
        { "$\\varepsilon$ $\\vartheta$ $\\Omega$ $\\mapsto$ $\\propto$ $\\dagger$ $\\ldots$ $\\cdots$", "ε ϑ Ω ↦ ∝ † … ⋯" },
        { "\\unknown command and \\foo{bar}", "unknown command and foo bar" },
        { "\\%, \\&, \\_, \\$, \\# and \\{a\\}", "%, &, _, $, # and {a}" },
        { "a--b, a---b, pages 10--20, x --> y, --help", "a–b, a—b, pages 10–20, x --> y, --help" },
        { "\\'e \\\"o {\\\"u} \\c{c} \\~n \\v{s} \\aa \\o \\ss \\'{\\i} \\H{o} \\`a \\^e", "é ö ü ç ñ š å ø ß í ő à ê" },
        { "M\\o ller, Stra\\ss e, Erd\\H{o}s, {\\AA}ngstr\\\"om", "Møller, Straße, Erdős, Ångström" },
        { "Fig.~2, et al.~\\cite{x}, ~500 km", "Fig. 2, et al. [x], ~500 km" },
        { "$\\hat{x}$ $\\vec{v}$ $\\tilde{n}$ \\={a}", "x̂ v⃗ ñ ā" },
        { "see \\url{https://a.org/x\\_y} or \\href{https://b.org}{our site}", "see https://a.org/x_y or our site (https://b.org)" },
        { "a set {a, b} and {B}ayes", "a set {a, b} and Bayes" },
        { "display $$x^2 + y^2$$ and \\(a_1\\) and \\[b_2\\]", "display x² + y² and a₁ and b₂" },
        { "costs $5 and $10 today", "costs $5 and $10 today" },
    };

    [Theory]
    [MemberData(nameof(Titles))]
    [MemberData(nameof(Excerpts))]
    [MemberData(nameof(Constructs))]
    public void Display_makes_latex_readable(string source, string expected) =>
        Assert.Equal(expected, PaperText.Display(source));

    [Fact]
    public void Display_of_a_whole_abstract()
    {
        const string abstract0704_0005 = "  In this paper we show how to compute the $\\Lambda_{\\alpha}$ norm, $\\alpha\\ge\n0$, using the dyadic grid. This result is a consequence of the description of\nthe Hardy spaces $H^p(R^N)$ in terms of dyadic and special atoms.\n";
        Assert.Equal("In this paper we show how to compute the Λ_α norm, α≥0, using the dyadic grid. This result is a consequence "
            + "of the description of the Hardy spaces Hᵖ(Rᴺ) in terms of dyadic and special atoms.", PaperText.Display(abstract0704_0005));
    }

    [Fact]
    public void Paragraphs_follow_arxiv_indentation_and_blank_lines()
    {
        const string abstract0704_0010 = "  Partial cubes are isometric subgraphs of hypercubes. Structures on a graph\ndefined by means of semicubes, and Djokovi\\'{c}'s and Winkler's relations play\nan important role in the theory of partial cubes. These structures are employed\nin the paper to characterize bipartite graphs and partial cubes of arbitrary\ndimension. New characterizations are established and new proofs of some known\nresults are given.\n  The operations of Cartesian product and pasting, and expansion and\ncontraction processes are utilized in the paper to construct new partial cubes\nfrom old ones. In particular, the isometric and lattice dimensions of finite\npartial cubes obtained by means of these operations are calculated.\n";
        var paragraphs = PaperText.Paragraphs(abstract0704_0010);
        Assert.Equal(2, paragraphs.Count);
        Assert.StartsWith("Partial cubes are isometric subgraphs", paragraphs[0], StringComparison.Ordinal);
        Assert.EndsWith("new proofs of some known results are given.", paragraphs[0], StringComparison.Ordinal);
        Assert.StartsWith("The operations of Cartesian product", paragraphs[1], StringComparison.Ordinal);
        Assert.Equal(string.Join("\n\n", paragraphs), PaperText.Display(abstract0704_0010));

        // An indented continuation line after a word (arXiv titles) is not a new paragraph; a blank line is.
        Assert.Single(PaperText.Paragraphs("Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies"));
        Assert.Equal(["One.", "Two three."], PaperText.Paragraphs("One.\r\n\r\n Two\r\nthree."));
        Assert.Equal("a\n\nb c", PaperText.Display("a\n \t\nb\nc"));
        Assert.Empty(PaperText.Paragraphs(null));
        Assert.Empty(PaperText.Paragraphs(" \n\t "));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData(" \n\t ", "")]
    [InlineData("  Plain\n  text, with  (brackets) & 100% <b>tags</b> \"quotes\" and 'apostrophes'.  ", "Plain text, with (brackets) & 100% <b>tags</b> \"quotes\" and 'apostrophes'.")]
    [InlineData("<script>alert(1)</script>", "<script>alert(1)</script>")]
    [InlineData("a lone $ sign and $x^2$", "a lone $ sign and x²")]
    [InlineData("an open $\\alpha to the end", "an open $α to the end")]
    [InlineData("{unclosed group \\emph{x} and more", "{unclosed group x and more")]
    [InlineData("closing } brace and $x}$", "closing } brace and x")]
    [InlineData("$x_{1$ then text", "x_1 then text")]
    [InlineData("trailing backslash \\", "trailing backslash")]
    [InlineData("ctrl\u0000chars\u0007 and\u00A0no-break\u2029space", "ctrlchars and no-break space")]
    public void Display_edge_cases(string? source, string expected) => Assert.Equal(expected, PaperText.Display(source));

    [Fact]
    public void Display_replaces_unpaired_surrogates()
    {
        var lone = "a lone " + '\uD800' + " and " + '\uDC00' + " but 𝒪 stays";
        Assert.Equal("a lone \uFFFD and \uFFFD but 𝒪 stays", PaperText.Display(lone));
        Assert.Equal("\uFFFD\u0301", PaperText.Display("\\'" + '\uD835'));
    }

    public static TheoryData<string, string> Hostile
    {
        get
        {
            static string Fill(string unit) => new StringBuilder(100_000 + unit.Length).Insert(0, unit, 100_000 / unit.Length + 1).ToString(0, 100_000);
            return new()
            {
                { "dollars and braces", Fill("$$$${{{{\\\\\\\\") },
                { "deep braces", new string('{', 50_000) + "x" + new string('}', 50_000) },
                { "deep math braces", "$" + new string('{', 49_000) + "x" + new string('}', 49_000) + "$" },
                { "open groups", Fill("\\frac{") }, { "bare fracs", "$" + Fill("\\frac") + "$" }, { "roots", Fill("\\sqrt[") },
                { "carets", "$" + Fill("^") + "$" }, { "scripts", Fill("x_{") }, { "accents", Fill("\\'") }, { "accent groups", Fill("\\\"{") },
                { "fonts", Fill("\\cal{") }, { "quotes", Fill("`") }, { "dashes", Fill("-") }, { "dollars", Fill("$x") },
                { "long command", "\\" + Fill("a") }, { "parens", Fill("\\(") }, { "delimiters", "$" + Fill("\\left(") + "$" },
                { "negations", "$" + Fill("\\not") + "$" }, { "mixed", Fill("$\\mathcal{O}(n^{2})$ and {\\em x} --- `a' ") },
                { "indented lines", Fill("a.\n  ") }, { "surrogates", Fill("\uD835") },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Display_is_linear_on_hostile_input(string name, string source)
    {
        // Work is counted in bytes allocated on this thread, not in time (the machines are shared and noisy): at most
        // 1 KB a character of input (the worst case here allocates ~200 bytes a character); anything that copies the
        // text once a character, as quadratic string building does, allocates gigabytes on 100,000 characters.
        PaperText.DisplayCore("warm up $x^2$ \\'e");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var shown = PaperText.DisplayCore(source); // no safety net: an exception fails the test
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= 1_000L * source.Length, $"{name}: {allocated:N0} bytes allocated for {source.Length:N0} characters");
        Assert.True(shown.Length <= 2 * source.Length, name);
    }

    [Fact]
    public void Snippet_cuts_at_a_word_boundary()
    {
        const string abstract0704_0019 = "  In this note we give a new method for getting a series of approximations for\nthe extinction probability of the one-dimensional contact process by using the\nGr\\\"obner basis.\n";
        var full = PaperText.Display(abstract0704_0019);
        Assert.Equal(full, PaperText.Snippet(abstract0704_0019, 1_000));
        Assert.Equal(full, PaperText.Snippet(abstract0704_0019, full.Length));
        var snippet = PaperText.Snippet(abstract0704_0019, 60);
        Assert.Equal("In this note we give a new method for getting a series of…", snippet);
        Assert.True(snippet.Length <= 60);
        Assert.Equal(' ', full[snippet.Length - 1]);

        Assert.Equal("In this note, we give…", PaperText.Snippet("In this note, we give, an abstract", 23));
        Assert.Equal("aaaaaaaaa…", PaperText.Snippet(new string('a', 50), 10));
        Assert.Equal("𝒪𝒪𝒪𝒪…", PaperText.Snippet(string.Concat(Enumerable.Repeat("\\mathcal{O}", 20)), 10)); // no split surrogate
        Assert.Equal("One. Two.", PaperText.Snippet("One.\n\nTwo.", 100));
        Assert.Equal("…", PaperText.Snippet("some text here", 1));
        Assert.Equal("", PaperText.Snippet("some text here", 0));
        Assert.Equal("", PaperText.Snippet("some text here", -5));
        Assert.Equal("", PaperText.Snippet(null, 10));
    }

    // Commands that occur in the two data files; none may survive Display.
    private static readonly string[] KnownCommands =
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "vartheta", "lambda", "mu", "nu", "pi", "rho", "sigma", "phi",
        "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Omega", "pm", "mp", "le", "leq", "ge", "geq", "ll", "to",
        "sim", "times", "cdot", "in", "cap", "infty", "partial", "ell", "prime", "ast", "parallel", "oint", "sum", "sqrt", "sin", "log",
        "bar", "mathbb", "mathrm", "rm", "bf", "it", "em", "cal", "textit", "cite", "la", "ra", "msun", "rsun", "kms",
    ];

    [Fact]
    public void Display_handles_every_title_and_abstract_of_the_shared_data()
    {
        var texts = SharedData().ToList();
        Assert.Equal(2 * (200 + 34), texts.Count);
        foreach (var (where, text) in texts)
        {
            var shown = PaperText.DisplayCore(text); // no safety net: an exception fails the test
            Assert.False(string.IsNullOrWhiteSpace(shown), where);
            Assert.Equal(shown, PaperText.Display(text));
            foreach (var name in KnownCommands)
            {
                var at = shown.IndexOf("\\" + name, StringComparison.Ordinal);
                Assert.False(at >= 0 && (at + name.Length + 1 == shown.Length || !char.IsAsciiLetter(shown[at + name.Length + 1])), $"{where}: \\{name} left in \"{shown}\"");
            }
            Assert.DoesNotContain("\\", shown, StringComparison.Ordinal);
            Assert.All(PaperText.Paragraphs(text), p => Assert.False(p.Contains('\n', StringComparison.Ordinal) || p != p.Trim(), where));
        }
    }

    /// <summary>Every title and abstract of the two data files, read from the copies the app embeds as demo content.</summary>
    private static IEnumerable<(string Where, string Text)> SharedData()
    {
        foreach (var resource in new[] { DailyPapers.Demo.DemoContent.SnapshotResource, DailyPapers.Demo.DemoContent.SeedResource })
        {
            using var reader = new StreamReader(DailyPapers.Demo.DemoContent.Open(resource));
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }
                using var record = JsonDocument.Parse(line);
                var id = record.RootElement.TryGetProperty("id", out var v) ? v.GetString() : record.RootElement.GetProperty("arxiv_id").GetString();
                yield return ($"{id} title", record.RootElement.GetProperty("title").GetString()!);
                yield return ($"{id} abstract", record.RootElement.GetProperty("abstract").GetString()!);
            }
        }
    }
}
