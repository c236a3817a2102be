using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ExactLip.Mip;
using ExactLip.Solvers.Glpk;
using FluentAssertions;
using Xunit;
using static ExactLip.Solvers.Glpk.GlpkConstants;

namespace ExactLip.Tests.Solvers;

/// <summary>Writes models as MPS and reads them back with other programs' readers.</summary>
public unsafe class MpsWriterTests
{
    public static TheoryData<string, double> Models => new()
    {
        { "lp", SolverTestModels.LpOptimum },
        { "mip", SolverTestModels.MipOptimum },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Write_ReadBackByGlpk_GivesSameOptimum(string which, double optimum)
    {
        TestSolvers.Get("glpk");
        var path = WriteTemp(which);
        try
        {
            // GLPK 5.0 rejects the OBJSENSE section: drop it and set the direction by hand.
            File.WriteAllText(path, File.ReadAllText(path).Replace("OBJSENSE\n    MAX\n", string.Empty, StringComparison.Ordinal));
            using var glp = GlpkProblemHandle.Create();
            GlpkNative.glp_read_mps(glp, GLP_MPS_FILE, IntPtr.Zero, path).Should().Be(0);
            GlpkNative.glp_set_obj_dir(glp, GLP_MAX);
            glp_iocp parm;
            GlpkNative.glp_init_iocp(&parm);
            parm.msg_lev = GLP_MSG_OFF;
            parm.presolve = GLP_ON;
            GlpkNative.glp_intopt(glp, &parm).Should().Be(0);

            // GLPK reads the objective-row RHS as +constant where CoinMpsIO reads −constant, so
            // the offset of 5 the file carries as RHS −5 counts as −5 here.
            const double offset = 5;
            GlpkNative.glp_mip_obj_val(glp).Should().BeApproximately(optimum - (2 * offset), 1e-7);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Write_ReadBackByCbcProgram_GivesSameOptimum(string which, double optimum)
    {
        const string cbc = "/usr/bin/cbc";
        if (!File.Exists(cbc))
        {
            Assert.Skip("The cbc program is not installed: apt-get install coinor-cbc.");
        }

        var path = WriteTemp(which);
        try
        {
            var info = new ProcessStartInfo(cbc) { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(path);

            // CoinMpsIO reads OBJSENSE but ignores it ("MAX found after OBJSENSE - Coin ignores").
            info.ArgumentList.Add("-max");
            info.ArgumentList.Add("-solve");
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // A MIP ends with "Objective value: v", a pure LP with "Optimal - objective value v".
            var match = Regex.Match(output, @"(?:Objective value:|Optimal - objective value)\s+(\S+)");
            match.Success.Should().BeTrue(output);
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            value.Should().BeApproximately(optimum, 1e-7);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_Mip_DeclaresEveryBoundKind()
    {
        var text = new StringWriter();
        MpsWriter.Write(SolverTestModels.Mip(), text);
        var mps = text.ToString();

        mps.Should().Contain("OBJSENSE\n    MAX\n");
        mps.Should().Contain(" FR BND z");
        mps.Should().Contain(" FX BND w 2");
        mps.Should().Contain(" BV BND b");
        mps.Should().Contain(" PL BND y");
        mps.Should().Contain("RANGES\n    RNG diff 3\n");
        mps.Should().Contain("RHS OBJ -5");
        mps.Should().Contain("'MARKER' 'INTORG'").And.Contain("'MARKER' 'INTEND'");
    }

    private static string WriteTemp(string which)
    {
        var model = which == "lp" ? SolverTestModels.Lp() : SolverTestModels.Mip();
        var path = Path.Combine(Path.GetTempPath(), $"exactlip-{which}-{Guid.NewGuid():N}.mps");
        MpsWriter.Write(model, path);
        return path;
    }
}
