using ExactLip.Solvers.Glpk;
using FluentAssertions;
using Xunit;
using static ExactLip.Solvers.Glpk.GlpkConstants;

namespace ExactLip.Tests.Solvers;

/// <summary>
/// Pins the mirrored glpk.h layouts and constants. The expected numbers were printed by a C
/// program compiled against /usr/include/glpk.h (GLPK 5.0, x86-64 LP64) with sizeof/offsetof.
/// </summary>
public unsafe class GlpkLayoutTests
{
    [Fact]
    public void GlpIocp_MatchesHeaderLayout()
    {
        sizeof(glp_iocp).Should().Be(328);
        var p = default(glp_iocp);
        var b = (byte*)&p;
        ((long)((byte*)&p.msg_lev - b)).Should().Be(0);
        ((long)((byte*)&p.tol_int - b)).Should().Be(16);
        ((long)((byte*)&p.tm_lim - b)).Should().Be(32);
        ((long)((byte*)&p.cb_func - b)).Should().Be(48);
        ((long)((byte*)&p.cb_info - b)).Should().Be(56);
        ((long)((byte*)&p.cb_size - b)).Should().Be(64);
        ((long)((byte*)&p.mip_gap - b)).Should().Be(72);
        ((long)((byte*)&p.presolve - b)).Should().Be(96);
        ((long)((byte*)&p.sr_heur - b)).Should().Be(116);
        ((long)((byte*)&p.save_sol - b)).Should().Be(128);
        ((long)((byte*)&p.flip - b)).Should().Be(140);
        ((long)((byte*)p.foo_bar - b)).Should().Be(144);
    }

    [Fact]
    public void GlpSmcp_MatchesHeaderLayout()
    {
        sizeof(glp_smcp).Should().Be(352);
        var p = default(glp_smcp);
        var b = (byte*)&p;
        ((long)((byte*)&p.tol_bnd - b)).Should().Be(16);
        ((long)((byte*)&p.obj_ul - b)).Should().Be(48);
        ((long)((byte*)&p.it_lim - b)).Should().Be(56);
        ((long)((byte*)&p.tm_lim - b)).Should().Be(60);
        ((long)((byte*)&p.presolve - b)).Should().Be(72);
        ((long)((byte*)&p.aorn - b)).Should().Be(84);
        ((long)((byte*)p.foo_bar - b)).Should().Be(88);
    }

    [Fact]
    public void Constants_MatchHeaderValues()
    {
        (GLP_MIN, GLP_MAX, GLP_CV, GLP_IV).Should().Be((1, 2, 1, 2));
        (GLP_FR, GLP_LO, GLP_UP, GLP_DB, GLP_FX).Should().Be((1, 2, 3, 4, 5));
        (GLP_UNDEF, GLP_FEAS, GLP_INFEAS, GLP_NOFEAS, GLP_OPT, GLP_UNBND).Should().Be((1, 2, 3, 4, 5, 6));
        (GLP_MSG_OFF, GLP_MSG_ERR, GLP_ON, GLP_OFF).Should().Be((0, 1, 1, 0));
        (GLP_IROWGEN, GLP_IBINGO, GLP_IHEUR, GLP_ICUTGEN, GLP_IBRANCH, GLP_ISELECT, GLP_IPREPRO).Should().Be((1, 2, 3, 4, 5, 6, 7));
        (GLP_EBOUND, GLP_EFAIL, GLP_ETMLIM, GLP_ENOPFS, GLP_ENODFS, GLP_EROOT, GLP_ESTOP, GLP_EMIPGAP).Should().Be((4, 5, 9, 10, 11, 12, 13, 14));
        (GLP_EBADB, GLP_ESING, GLP_ECOND).Should().Be((1, 2, 3));
        (GLP_PRIMAL, GLP_DUALP, GLP_BS).Should().Be((1, 2, 1));
        (GLP_RT_STD, GLP_RT_HAR, GLP_RT_FLIP).Should().Be((0x11, 0x22, 0x33));
        GLP_MPS_FILE.Should().Be(2);
    }

    [Fact]
    public void InitIocp_FillsGlpkDefaults_WhenLibraryPresent()
    {
        TestSolvers.Get("glpk");
        glp_iocp p;
        GlpkNative.glp_init_iocp(&p);

        // Defaults of GLPK 5.0: message level GLP_MSG_ALL, best-local-bound backtracking,
        // tol_int 1e-5, no time limit; a shifted layout would scramble these.
        (p.msg_lev, p.br_tech, p.bt_tech, p.tm_lim, p.pp_tech, p.presolve).Should().Be((3, 4, 3, int.MaxValue, 2, 0));
        p.tol_int.Should().Be(1e-5);
        p.tol_obj.Should().Be(1e-7);
    }
}
