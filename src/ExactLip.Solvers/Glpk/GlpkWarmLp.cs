using System.Diagnostics;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using static ExactLip.Solvers.Glpk.GlpkConstants;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// One GLPK problem kept loaded between LPs (<see cref="IWarmLp"/>). A solve re-states the model
/// over the loaded rows and columns, matched by name, and runs the dual simplex (primal when the
/// basis is not dual feasible) from the last basis, without presolve, with the long-step ratio test.
/// Implementation note: what GLPK solves is always exactly the model. Every row of the model is
/// given its bounds and, when they changed, its coefficients; every column its bounds and
/// objective; a loaded row the model does not name is deleted, and a loaded column it does not
/// name is fixed at 0 with no objective (it appears in none of the model's rows, so it
/// contributes nothing). The optimum, the point and the duals read back for the model's own
/// rows and columns are therefore the model's, and the caller proves from them what it needs.
/// The last basis is kept only through changes that leave it a valid, non-singular basis of the
/// new problem: bound and objective changes, new rows (entering basic), new columns (entering
/// non-basic), deleting or changing the coefficients of rows whose own variable is basic (the
/// determinant, expanded along that variable's unit column, keeps its value up to sign). Any
/// other change takes the standard basis (every row basic), since GLPK's factorisation aborts
/// the process on some singular bases instead of reporting them. When the loaded columns grow
/// well beyond the model's, or GLPK does not report an optimum, the model is solved from scratch
/// by <see cref="GlpkSolver"/>.
/// </summary>
internal sealed unsafe class GlpkWarmLp : IWarmLp
{
    /// <summary>Loaded columns beyond this many times the model's are dropped by a fresh load.</summary>
    private const int GrowthLimit = 3;

    private readonly GlpkSolver _fresh;
    private readonly Dictionary<string, int> _rowOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _columnOf = new(StringComparer.Ordinal);
    private readonly List<Row> _rows = new();
    private readonly List<Column> _columns = new();
    private GlpkProblemHandle? _glp;
    private int[] _index = new int[1];
    private double[] _value = new double[1];

    /// <summary>Set while stating a model when the last basis might not suit it (see the class notes).</summary>
    private bool _standardBasis;

    public GlpkWarmLp(GlpkSolver fresh)
    {
        _fresh = fresh;
    }

    public string Name => _fresh.Name;

    public string Version => _fresh.Version;

    public bool UsesStart => false;

    public bool ReportsRowDuals => true;

    public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ModelChecks.Validate(model, options);

        // GLPK's simplex without presolve asserts on a problem with no rows: the ordinary path takes those.
        if (model.IsMip || model.Rows.Count == 0 || cancellationToken.IsCancellationRequested || _columns.Count > GrowthLimit * Math.Max(model.Variables.Count, 16))
        {
            Drop();
            return Fresh(model, options, progress, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        var recorder = new ProgressRecorder(progress, options.ProgressInterval, clock);
        using var terminal = new GlpkTerminal();
        if (!TryState(model, out var rowAt, out var columnAt))
        {
            Drop();
            terminal.Dispose();
            return Fresh(model, options, progress, cancellationToken);
        }

        glp_smcp parm;
        GlpkNative.glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        parm.meth = GLP_DUALP;

        // The long-step ratio test flips a boxed variable between its bounds within one
        // iteration: a region LP has hundreds of boxed inputs, and with the textbook test each
        // flip cost an iteration (measured 13× slower on MNIST's region LPs).
        parm.r_test = GLP_RT_FLIP;

        // A bound on the iterations, so that a cycling simplex ends (and the model goes to the ordinary path).
        parm.it_lim = 50_000;
        parm.presolve = GLP_OFF;
        if (options.TimeLimit is { } limit)
        {
            parm.tm_lim = (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue);
        }

        var code = GlpkNative.glp_simplex(_glp!, &parm);
        if (code is GLP_EBADB or GLP_ESING or GLP_ECOND)
        {
            // The last basis does not factor for this model: start from the standard one.
            GlpkNative.glp_std_basis(_glp!);
            code = GlpkNative.glp_simplex(_glp!, &parm);
        }

        if (code == GLP_ETMLIM)
        {
            recorder.Record(0, null, null, "final", force: true);
            return new SolveOutcome(SolveStatus.TimeLimit, null, null, null, 0, clock.Elapsed.TotalSeconds, recorder.History());
        }

        var status = code == 0 ? GlpkNative.glp_get_status(_glp!) : 0;
        if (status != GLP_OPT)
        {
            // A basis GLPK cannot factor, or an answer other than an optimum (which δ free below
            // and bounded above rules out for a region LP): ask the ordinary path, which loads
            // the model afresh and reports infeasible or unbounded in its own words.
            Drop();
            terminal.Dispose();
            return Fresh(model, options with { TimeLimit = Remaining(options, clock) }, progress, cancellationToken);
        }

        var x = new double[columnAt.Length];
        for (var j = 0; j < x.Length; j++)
        {
            x[j] = GlpkNative.glp_get_col_prim(_glp!, columnAt[j]);
        }

        var y = new double[rowAt.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = GlpkNative.glp_get_row_dual(_glp!, rowAt[i]);
        }

        var value = GlpkNative.glp_get_obj_val(_glp!) + model.ObjectiveOffset;
        recorder.Record(0, value, value, "final", force: true);
        return new SolveOutcome(SolveStatus.Optimal, value, value, x, 0, clock.Elapsed.TotalSeconds, recorder.History()) { RowDuals = y };
    }

    public void Dispose() => Drop();

    private SolveOutcome Fresh(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken) =>
        _fresh.Solve(model, options, progress, cancellationToken);

    private static TimeSpan? Remaining(SolveOptions options, Stopwatch clock)
    {
        if (options.TimeLimit is not { } limit)
        {
            return null;
        }

        var left = limit - clock.Elapsed;
        return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// States the model over the loaded problem (loading what it names that is new); false when
    /// its names repeat, so that they cannot identify its rows and columns.
    /// </summary>
    private bool TryState(MipModel model, out int[] rowAt, out int[] columnAt)
    {
        rowAt = Array.Empty<int>();
        columnAt = new int[model.Variables.Count];
        if (_glp is null)
        {
            _glp = GlpkProblemHandle.Create();
            GlpkNative.glp_set_obj_dir(_glp, GLP_MAX);
        }

        var columnUsed = new bool[_columns.Count + model.Variables.Count];
        for (var j = 0; j < columnAt.Length; j++)
        {
            var v = model.Variables[j];
            var at = ColumnFor(v.Name);
            if (columnUsed[at])
            {
                return false;
            }

            columnUsed[at] = true;
            columnAt[j] = at + 1;
            SetColumn(at, v.Lower, v.Upper, v.Objective);
        }

        for (var at = 0; at < _columns.Count; at++)
        {
            if (!columnUsed[at])
            {
                SetColumn(at, 0, 0, 0);
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in model.Rows)
        {
            if (!names.Add(row.Name))
            {
                return false;
            }
        }

        _standardBasis = false;
        DeleteRowsOutside(names);
        rowAt = new int[model.Rows.Count];
        for (var i = 0; i < rowAt.Length; i++)
        {
            var row = model.Rows[i];
            var at = RowFor(row.Name);
            rowAt[i] = at + 1;
            SetRow(at, row, columnAt);
        }

        if (_standardBasis)
        {
            GlpkNative.glp_std_basis(_glp!);
        }

        return true;
    }

    /// <summary>
    /// Deletes the loaded rows the model does not name. A basic row leaves the basis valid; a
    /// non-basic one leaves it a variable short, and then the standard basis (every row basic) is taken.
    /// </summary>
    private void DeleteRowsOutside(HashSet<string> names)
    {
        var gone = new List<int>();
        var nonBasic = false;
        for (var at = 0; at < _rows.Count; at++)
        {
            if (!names.Contains(_rows[at].Name))
            {
                gone.Add(at + 1);
                nonBasic |= GlpkNative.glp_get_row_stat(_glp!, at + 1) != GLP_BS;
            }
        }

        if (gone.Count == 0)
        {
            return;
        }

        var num = new int[gone.Count + 1];
        gone.CopyTo(num, 1);
        fixed (int* p = num)
        {
            GlpkNative.glp_del_rows(_glp!, gone.Count, p);
        }

        // GLPK renumbers the rows left in their order; so do the lists.
        _rows.RemoveAll(r => !names.Contains(r.Name));
        _rowOf.Clear();
        for (var at = 0; at < _rows.Count; at++)
        {
            _rowOf.Add(_rows[at].Name, at);
        }

        _standardBasis |= nonBasic;
    }

    private int ColumnFor(string name)
    {
        if (!_columnOf.TryGetValue(name, out var at))
        {
            // A new column enters non-basic, so the basis stays valid.
            at = GlpkNative.glp_add_cols(_glp!, 1) - 1;
            _columnOf.Add(name, at);
            _columns.Add(new Column { Lower = double.NaN });
        }

        return at;
    }

    private int RowFor(string name)
    {
        if (!_rowOf.TryGetValue(name, out var at))
        {
            // A new row enters basic, so the basis stays valid.
            at = GlpkNative.glp_add_rows(_glp!, 1) - 1;
            _rowOf.Add(name, at);
            _rows.Add(new Row { Name = name, Lower = double.NaN });
        }

        return at;
    }

    private void SetColumn(int at, double lower, double upper, double objective)
    {
        var c = _columns[at];
        if (!c.Lower.Equals(lower) || !c.Upper.Equals(upper))
        {
            var (type, lb, ub) = GlpkProblemLoader.Bounds(lower, upper);
            GlpkNative.glp_set_col_bnds(_glp!, at + 1, type, lb, ub);
            c.Lower = lower;
            c.Upper = upper;
        }

        if (!c.Objective.Equals(objective))
        {
            GlpkNative.glp_set_obj_coef(_glp!, at + 1, objective);
            c.Objective = objective;
        }
    }

    private void SetRow(int at, MipRow row, int[] columnAt)
    {
        var r = _rows[at];
        var n = row.Columns.Length;
        var same = r.Columns.Length == n;
        for (var t = 0; same && t < n; t++)
        {
            same = r.Columns[t] == columnAt[row.Columns[t]] && r.Coefficients[t].Equals(row.Coefficients[t]);
        }

        if (!same)
        {
            // A row whose own (auxiliary) variable is basic can change its coefficients without
            // making the basis singular (expand the determinant along that variable's unit column);
            // another row's change could, and GLPK's factorisation aborts on some singular bases.
            _standardBasis |= !double.IsNaN(r.Lower) && GlpkNative.glp_get_row_stat(_glp!, at + 1) != GLP_BS;
            var columns = new int[n];
            for (var t = 0; t < n; t++)
            {
                columns[t] = columnAt[row.Columns[t]];
            }

            if (_index.Length < n + 1)
            {
                _index = new int[n + 1];
                _value = new double[n + 1];
            }

            columns.CopyTo(_index, 1);
            row.Coefficients.CopyTo(_value, 1);
            fixed (int* pi = _index)
            fixed (double* pv = _value)
            {
                GlpkNative.glp_set_mat_row(_glp!, at + 1, n, pi, pv);
            }

            r.Columns = columns;
            r.Coefficients = (double[])row.Coefficients.Clone();
        }

        SetRowBounds(at, row.Lower, row.Upper);
    }

    private void SetRowBounds(int at, double lower, double upper)
    {
        var r = _rows[at];
        if (!r.Lower.Equals(lower) || !r.Upper.Equals(upper))
        {
            var (type, lb, ub) = GlpkProblemLoader.Bounds(lower, upper);
            GlpkNative.glp_set_row_bnds(_glp!, at + 1, type, lb, ub);
            r.Lower = lower;
            r.Upper = upper;
        }
    }

    /// <summary>Deletes the loaded problem (on the thread that created it); the next solve loads afresh.</summary>
    private void Drop()
    {
        _glp?.Dispose();
        _glp = null;
        _rowOf.Clear();
        _columnOf.Clear();
        _rows.Clear();
        _columns.Clear();
    }

    /// <summary>What GLPK holds for a loaded column, so that only changes are passed on.</summary>
    private sealed class Column
    {
        public double Lower;
        public double Upper;
        public double Objective;
    }

    /// <summary>What GLPK holds for a loaded row (its columns 1-based, as loaded).</summary>
    private sealed class Row
    {
        public string Name = string.Empty;
        public double Lower;
        public double Upper;
        public int[] Columns = Array.Empty<int>();
        public double[] Coefficients = Array.Empty<double>();
    }
}
