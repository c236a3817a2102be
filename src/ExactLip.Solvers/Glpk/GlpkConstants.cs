namespace ExactLip.Solvers.Glpk;

/// <summary>The #define values of glpk.h that the binding uses, names verbatim; pinned by a test.</summary>
internal static class GlpkConstants
{
    public const int GLP_MIN = 1;
    public const int GLP_MAX = 2;

    public const int GLP_CV = 1;
    public const int GLP_IV = 2;

    public const int GLP_FR = 1;
    public const int GLP_LO = 2;
    public const int GLP_UP = 3;
    public const int GLP_DB = 4;
    public const int GLP_FX = 5;

    public const int GLP_UNDEF = 1;
    public const int GLP_FEAS = 2;
    public const int GLP_INFEAS = 3;
    public const int GLP_NOFEAS = 4;
    public const int GLP_OPT = 5;
    public const int GLP_UNBND = 6;

    public const int GLP_PRIMAL = 1;
    public const int GLP_DUALP = 2;

    public const int GLP_BS = 1;

    public const int GLP_RT_STD = 0x11;
    public const int GLP_RT_HAR = 0x22;
    public const int GLP_RT_FLIP = 0x33;

    public const int GLP_MSG_OFF = 0;
    public const int GLP_MSG_ERR = 1;

    public const int GLP_ON = 1;
    public const int GLP_OFF = 0;

    public const int GLP_IROWGEN = 0x01;
    public const int GLP_IBINGO = 0x02;
    public const int GLP_IHEUR = 0x03;
    public const int GLP_ICUTGEN = 0x04;
    public const int GLP_IBRANCH = 0x05;
    public const int GLP_ISELECT = 0x06;
    public const int GLP_IPREPRO = 0x07;

    public const int GLP_EBADB = 0x01;
    public const int GLP_ESING = 0x02;
    public const int GLP_ECOND = 0x03;
    public const int GLP_EBOUND = 0x04;
    public const int GLP_EFAIL = 0x05;
    public const int GLP_ETMLIM = 0x09;
    public const int GLP_ENOPFS = 0x0A;
    public const int GLP_ENODFS = 0x0B;
    public const int GLP_EROOT = 0x0C;
    public const int GLP_ESTOP = 0x0D;
    public const int GLP_EMIPGAP = 0x0E;

    public const int GLP_MPS_FILE = 2;
}
