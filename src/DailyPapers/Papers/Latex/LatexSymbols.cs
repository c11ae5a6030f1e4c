using System.Buffers;
using System.Globalization;
using System.Text;

namespace DailyPapers.Papers.Latex;

/// <summary>The tables behind <see cref="LatexConverter"/>: TeX commands, accents, scripts and math alphabets.</summary>
internal static class LatexSymbols
{
    internal enum Kind : byte
    {
        Ord, Open, Close, Rel, Letter, Word, Unit, Switch, Space, Sizing, Drop, Accent, Style, Frac, Binom, Sqrt, Not, Cite, Ref, Second, SupText, SubText, Href,
    }

    internal readonly record struct Cmd(Kind Kind, string Value, int Args, Font Font);

    /// <summary>Control words by name; anything not here keeps its name (see the class remarks).</summary>
    internal static readonly Dictionary<string, Cmd> Commands = BuildCommands();
    internal static readonly Dictionary<string, Cmd>.AlternateLookup<ReadOnlySpan<char>> CommandLookup = Commands.GetAlternateLookup<ReadOnlySpan<char>>();

    internal static Dictionary<string, Cmd> BuildCommands()
    {
        var d = new Dictionary<string, Cmd>(StringComparer.Ordinal);
        Pairs(Kind.Ord, """
            alpha α beta β gamma γ delta δ epsilon ε varepsilon ε zeta ζ eta η theta θ vartheta ϑ iota ι kappa κ varkappa ϰ lambda λ mu μ nu ν
            xi ξ omicron ο pi π varpi ϖ rho ρ varrho ϱ sigma σ varsigma ς tau τ upsilon υ phi φ varphi φ chi χ psi ψ omega ω digamma ϝ eps ε
            lam λ Alpha Α Beta Β Gamma Γ Delta Δ Epsilon Ε Zeta Ζ Eta Η Theta Θ Iota Ι Kappa Κ Lambda Λ Mu Μ Nu Ν Xi Ξ Omicron Ο Pi Π Rho Ρ
            Sigma Σ Tau Τ Upsilon Υ Phi Φ Chi Χ Psi Ψ Omega Ω varGamma Γ varDelta Δ varTheta Θ varLambda Λ varXi Ξ varPi Π varSigma Σ
            varUpsilon Υ varPhi Φ varPsi Ψ varOmega Ω infty ∞ partial ∂ nabla ∇ ell ℓ hbar ℏ hslash ℏ imath ı jmath ȷ dagger † ddagger ‡
            dag † ddag ‡ prime ′ ldots … dots … dotsc … cdots ⋯ dotsb ⋯ vdots ⋮ ddots ⋱ textellipsis … degree ° textdegree ° emptyset ∅
            varnothing ∅ forall ∀ exists ∃ nexists ∄ neg ¬ lnot ¬ aleph ℵ beth ℶ Re ℜ Im ℑ wp ℘ top ⊤ bot ⊥ angle ∠ triangle △ Box □
            square □ blacksquare ■ Diamond ◇ lozenge ◊ checkmark ✓ sharp ♯ flat ♭ natural ♮ clubsuit ♣ heartsuit ♡ spadesuit ♠
            diamondsuit ♢ surd √ mho ℧ complement ∁ eth ð sun ☉ sum ∑ prod ∏ coprod ∐ int ∫ iint ∬ iiint ∭ oint ∮ bigcup ⋃ bigcap ⋂
            bigoplus ⨁ bigotimes ⨂ bigodot ⨀ bigvee ⋁ bigwedge ⋀ bigsqcup ⨆ biguplus ⨄ vert | Vert ‖ backslash \ textbackslash \ textbar | textless < textgreater > textasciitilde ~
            textasciicircum ^ textunderscore _ textendash – textemdash — textbullet • textquotedblleft “ textquotedblright ”
            textquoteleft ‘ textquoteright ’ S § P ¶ copyright © textcopyright © textregistered ® texttrademark ™ pounds £
            textsterling £ euro € texteuro € textmu μ textperthousand ‰ textpm ± texttimes × textdiv ÷ textcelsius ℃ R ℝ Q ℚ Z ℤ N ℕ C ℂ
            """);
        Pairs(Kind.Open, "langle ⟨ la ⟨ lceil ⌈ lfloor ⌊ lvert | lVert ‖ lbrace { lbrack [");
        Pairs(Kind.Close, "rangle ⟩ ra ⟩ rceil ⌉ rfloor ⌋ rvert | rVert ‖ rbrace } rbrack ]");
        Pairs(Kind.Rel, """
            le ≤ leq ≤ leqslant ⩽ ge ≥ geq ≥ geqslant ⩾ ne ≠ neq ≠ approx ≈ approxeq ≊ sim ∼ simeq ≃ cong ≅ equiv ≡ propto ∝ ll ≪ gg ≫
            lll ⋘ ggg ⋙ lesssim ≲ gtrsim ≳ lapprox ≲ gapprox ≳ lsim ≲ gsim ≳ nleq ≰ ngeq ≱ nless ≮ ngtr ≯ nsim ≁ lneq ⪇ gneq ⪈ prec ≺
            succ ≻ preceq ⪯ succeq ⪰ asymp ≍ doteq ≐ triangleq ≜ coloneqq ≔ coloneq ≔ to → rightarrow → Rightarrow ⇒ leftarrow ← gets ←
            Leftarrow ⇐ leftrightarrow ↔ Leftrightarrow ⇔ iff ⇔ implies ⟹ impliedby ⟸ longrightarrow ⟶ longleftarrow ⟵ Longrightarrow ⟹
            Longleftarrow ⟸ longleftrightarrow ⟷ Longleftrightarrow ⟺ mapsto ↦ longmapsto ⟼ hookrightarrow ↪ hookleftarrow ↩ uparrow ↑
            downarrow ↓ Uparrow ⇑ Downarrow ⇓ updownarrow ↕ nearrow ↗ searrow ↘ nwarrow ↖ swarrow ↙ rightleftharpoons ⇌ leftrightarrows ⇆
            rightharpoonup ⇀ leadsto ⇝ twoheadrightarrow ↠ in ∈ notin ∉ ni ∋ subset ⊂ subseteq ⊆ subsetneq ⊊ supset ⊃ supseteq ⊇
            supsetneq ⊋ sqsubset ⊏ sqsubseteq ⊑ sqsupseteq ⊒ cup ∪ cap ∩ setminus ∖ smallsetminus ∖ sqcup ⊔ sqcap ⊓ uplus ⊎ times ×
            cdot · cdotp · pm ± mp ∓ div ÷ oplus ⊕ ominus ⊖ otimes ⊗ oslash ⊘ odot ⊙ circ ∘ ast ∗ star ⋆ bullet • wedge ∧ land ∧ vee ∨
            lor ∨ parallel ∥ nparallel ∦ perp ⊥ mid ∣ nmid ∤ vdash ⊢ dashv ⊣ models ⊨ vDash ⊨ therefore ∴ because ∵ colon : over /
            ltimes ⋉ rtimes ⋊ bowtie ⋈ wr ≀ amalg ⨿ dotplus ∔ boxtimes ⊠ boxplus ⊞ diamond ⋄
            """);
        Pairs(Kind.Letter, "i ı j ȷ aa å AA Å o ø O Ø ss ß ae æ AE Æ oe œ OE Œ l ł L Ł dh ð DH Ð th þ TH Þ ng ŋ NG Ŋ dj đ DJ Đ");
        Pairs(Kind.Unit, "msun M☉ Msun M☉ msol M☉ Msol M☉ rsun R☉ Rsun R☉ lsun L☉ Lsun L☉ kms km/s kmps km/s micron μm");
        Pairs(Kind.Accent, "c \u0327 v \u030C u \u0306 H \u030B d \u0323 k \u0328 r \u030A b \u0331 bar \u0304 overline \u0305 hat \u0302 "
            + "widehat \u0302 tilde \u0303 widetilde \u0303 vec \u20D7 overrightarrow \u20D7 dot \u0307 ddot \u0308 dddot \u20DB check \u030C "
            + "breve \u0306 acute \u0301 grave \u0300 mathring \u030A");
        Names(Kind.Switch, 0, "rm it bf em sl sf tt sc up md normalfont bfseries itshape upshape mdseries rmfamily sffamily ttfamily scshape slshape");
        Names(Kind.Switch, 0, "cal", Font.Script);
        Names(Kind.Switch, 0, "frak", Font.Fraktur);
        Names(Kind.Drop, 0, """
            displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits nonumber notag noindent protect relax centering small large
            Large LARGE huge Huge tiny footnotesize normalsize scriptsize boldmath unboldmath maketitle hline toprule midrule bottomrule
            allowbreak nobreak displaybreak negthinspace negmedspace negthickspace strut ignorespaces unskip
            """);
        Names(Kind.Drop, 1, """
            label begin end hspace vspace phantom hphantom vphantom color pagestyle thispagestyle bibliography bibliographystyle input
            include nocite tag usepackage documentclass
            """);
        Names(Kind.Drop, 2, "setlength setcounter newcommand renewcommand providecommand def");
        Names(Kind.Space, 0, """
            quad qquad enspace enskip thinspace medspace thickspace par newline linebreak hfill hfil vfill smallskip medskip bigskip newpage
            clearpage cr indent space break pagebreak item
            """);
        Names(Kind.Sizing, 0, "left right bigl bigr Bigl Bigr biggl biggr Biggl Biggr big Big bigg Bigg middle bigm Bigm biggm Biggm");
        Names(Kind.Style, 1, """
            mathrm mathit mathbf mathsf mathtt mathnormal boldsymbol bm pmb operatorname ensuremath mathbin mathrel mathop mathord underline
            uline overbrace underbrace
            """);
        Names(Kind.Style, 1, "text textrm textit textbf textsf texttt textsc textup textsl textmd textnormal emph mbox hbox fbox intertext", value: "text");
        Names(Kind.Style, 1, "mathcal mathscr", Font.Script);
        Names(Kind.Style, 1, "mathbb Bbb mathds mathbbm", Font.DoubleStruck);
        Names(Kind.Style, 1, "mathfrak", Font.Fraktur);
        Names(Kind.Frac, 2, "frac dfrac tfrac cfrac");
        Names(Kind.Binom, 2, "binom dbinom tbinom");
        Names(Kind.Sqrt, 1, "sqrt");
        Names(Kind.Not, 1, "not");
        Names(Kind.Cite, 1, "cite citep citet citealp citealt citeauthor citeyear citenum");
        Names(Kind.Ref, 1, "ref eqref autoref cref Cref pageref url path nolinkurl");
        Names(Kind.Ref, 1, "footnote thanks", value: "(");
        Names(Kind.Second, 2, "textcolor colorbox stackrel overset underset raisebox");
        Names(Kind.SupText, 1, "textsuperscript");
        Names(Kind.SubText, 1, "textsubscript");
        Names(Kind.Href, 2, "href");
        return d;

        void Pairs(Kind kind, string table)
        {
            var parts = table.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
            for (var p = 0; p + 1 < parts.Length; p += 2)
            {
                d[parts[p]] = new(kind, parts[p + 1], kind == Kind.Accent ? 1 : 0, Font.None);
            }
        }

        void Names(Kind kind, int args, string names, Font font = Font.None, string value = "")
        {
            foreach (var name in names.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                d[name] = new(kind, value, args, font);
            }
        }
    }

    /// <summary>Control-symbol accents (<c>\'e</c>): the combining mark, and what an empty argument shows.</summary>
    internal static readonly Dictionary<char, (char Mark, string Spacing)> AccentMarks = new()
    {
        ['\''] = ('\u0301', "'"), ['`'] = ('\u0300', "`"), ['^'] = ('\u0302', "^"), ['"'] = ('\u0308', "\""),
        ['~'] = ('\u0303', "~"), ['='] = ('\u0304', "¯"), ['.'] = ('\u0307', "˙"),
    };

    internal static readonly Dictionary<char, char> Superscripts = Zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεθιφχ*∗′″†‡°∘⊤",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᵠᵡ**′″†‡°°ᵀ");

    internal static readonly Dictionary<char, char> Subscripts = Zip(
        "0123456789+-−=()aehijklmnoprstuvxβγρφχ⊙☉",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ⊙☉");

    internal static Dictionary<char, char> Zip(string from, string to)
    {
        var map = new Dictionary<char, char>(from.Length);
        for (var k = 0; k < from.Length; k++)
        {
            map[from[k]] = to[k];
        }
        return map;
    }

    internal static readonly SearchValues<char> Operators = SearchValues.Create(" +-−±∓=<>/·×,;:");

    /// <summary>Unicode super/subscript characters when every character has one, else <c>^x</c> or <c>^(…)</c>.</summary>
    internal static string ToScript(string text, bool sup)
    {
        text = text.Trim();
        var map = sup ? Superscripts : Subscripts;
        var mapped = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch == ' ')
            {
                continue;
            }
            if (!map.TryGetValue(ch, out var m))
            {
                var mark = sup ? "^" : "_";
                return new StringInfo(text).LengthInTextElements == 1 ? mark + text : $"{mark}({text})";
            }
            mapped.Append(m);
        }
        return mapped.ToString();
    }

    internal static int Next(List<int> positions, ref int cursor, int from)
    {
        while (cursor < positions.Count && positions[cursor] < from)
        {
            cursor++;
        }
        return cursor < positions.Count ? positions[cursor] : -1;
    }

    /// <summary>Puts a combining mark after each character (keeping marks it already has) and composes: "e" + ◌́ -> "é".</summary>
    internal static string WithMark(string text, char mark)
    {
        var marked = new StringBuilder(text.Length * 2);
        for (var p = 0; p < text.Length; p++)
        {
            marked.Append(text[p] switch { 'ı' => 'i', 'ȷ' => 'j', var ch => ch });
            while (p + 1 < text.Length && (char.IsLowSurrogate(text[p + 1]) || IsCombining(text[p + 1])))
            {
                marked.Append(text[++p]);
            }
            if (text[p] != ' ')
            {
                marked.Append(mark);
            }
        }
        return Compose(marked.ToString());
    }

    internal static string FracPart(string x) => x.Length > 1 && x.AsSpan().IndexOfAny(Operators) >= 0 ? $"({x})" : x;

    internal static string Compose(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>A letter in a math alphabet (𝒪, ℝ, 𝔤); the BMP "holes" of each alphabet come first.</summary>
    internal static string StyledLetter(char c, Font font)
    {
        var holes = font switch
        {
            Font.Script => "BℬEℰFℱHℋIℐLℒMℳRℛeℯgℊoℴ",
            Font.DoubleStruck => "CℂHℍNℕPℙQℚRℝZℤ",
            _ => "CℭHℌIℑRℜZℨ",
        };
        var h = holes.IndexOf(c, StringComparison.Ordinal);
        if (h >= 0)
        {
            return holes[h + 1].ToString();
        }
        var (upper, lower) = font switch
        {
            Font.Script => (0x1D49C, 0x1D4B6),
            Font.DoubleStruck => (0x1D538, 0x1D552),
            _ => (0x1D504, 0x1D51E),
        };
        return char.IsAsciiDigit(c)
            ? font == Font.DoubleStruck ? char.ConvertFromUtf32(0x1D7D8 + c - '0') : c.ToString()
            : char.ConvertFromUtf32(char.IsAsciiLetterUpper(c) ? upper + c - 'A' : lower + c - 'a');
    }

    internal enum Font : byte { None, Script, DoubleStruck, Fraktur }

    internal static bool IsCombining(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;
}
