using System.Diagnostics;
using ExactLip.Core;
using MathNet.Numerics.LinearAlgebra;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// SeqLip (Scaman &amp; Virmaux 2018), a global ℓ2 bound: with SVDs M_i = U_iΣ_iV_iᵀ,
/// ∏_i max_{σ∈[0,1]^{n_i}} ‖Σ̃_{i+1}V_{i+1}ᵀ diag(σ) U_iΣ̃_i‖₂, Σ̃ = Σ at the two ends and Σ^{1/2}
/// inside. The norm is convex in σ, so each maximum sits at a vertex of {0, 1}^{n_i}.
/// Implementation note: a ReLU layer of at most <see cref="ExactLimit"/> neurons is enumerated
/// in Gray-code order (one rank-one update per vertex) and every vertex bounded by the certified
/// Gram iteration, so the factor is a certified maximum; a wider layer gets greedy single flips
/// from σ = 1 with power-iteration values, which carries no guarantee — the whole estimate is
/// then labelled heuristic. Other norms are reached by the √n / √m factors.
/// </summary>
public sealed class SeqLipEstimator : ILipschitzEstimator
{
    public const int ExactLimit = 12;

    /// <summary>Largest layer side for the dense SVDs.</summary>
    public const int SvdLimit = 1024;

    private readonly bool _greedyOnly;

    public SeqLipEstimator(bool greedyOnly)
    {
        _greedyOnly = greedyOnly;
    }

    public string Name => _greedyOnly ? "seqlip-greedy" : "seqlip";

    public string Summary => _greedyOnly
        ? "SeqLip with greedy vertex search (global ℓ2, heuristic)"
        : $"SeqLip, exact vertex enumeration for ReLU layers of at most {ExactLimit} neurons (global ℓ2 upper bound; greedy and heuristic above)";

    public string? Refusal(EstimationProblem problem)
    {
        var chain = LayerChain.TryBuild(problem, Name, out var refusal);
        if (chain is null)
        {
            return refusal;
        }

        var big = chain.Maps.FirstOrDefault(m => Math.Max(m.Rows, m.Columns) > SvdLimit);
        return big is null ? null : $"{Name} needs a dense SVD of every layer, but one layer is {big.Rows}×{big.Columns} (at most {SvdLimit} per side); use autolip instead.";
    }

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var chain = LayerChain.TryBuild(problem, Name, out var refusal) ?? throw new ExactLipException(refusal!);
        var value = Compute(chain.Maps, _greedyOnly ? -1 : ExactLimit, cancellationToken, out var allExact, out var detail);
        var norm = MeasuredNorm.FromL2(problem.Quantity, problem.Inputs, problem.Outputs);
        return new Estimate(Name, allExact ? EstimateKind.Upper : EstimateKind.Heuristic, EstimateScope.Global, false, norm, value * norm.ConversionFactor, clock.Elapsed.TotalSeconds, detail);
    }

    /// <summary>
    /// The SeqLip value of the chain M_0, ReLU, …, M_{K−1} in ℓ2. ReLU layers of at most
    /// <paramref name="exactLimit"/> neurons are enumerated exactly (−1: none).
    /// </summary>
    public static double Compute(IReadOnlyList<LinearMap> maps, int exactLimit, CancellationToken cancellationToken, out bool allExact, out string detail)
    {
        allExact = true;
        if (maps.Count == 1)
        {
            detail = "one affine layer: its certified spectral norm";
            return GramIterationSpectralNorm.Bound(maps[0]).Upper;
        }

        var svds = maps.Select(m => Matrix<double>.Build.DenseOfArray(m.ToDense()).Svd(computeVectors: true)).ToArray();
        double value = 1;
        var exactCount = 0;
        for (var i = 0; i + 1 < maps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // L = Σ̃_{i+1} V_{i+1}ᵀ (r_{i+1} × n), R = U_i Σ̃_i (n × r_i), n = neurons of ReLU i.
            var next = svds[i + 1];
            var here = svds[i];
            var n = maps[i].Rows;
            var rNext = next.S.Count;
            var rHere = here.S.Count;
            var left = new double[rNext * n];
            for (var a = 0; a < rNext; a++)
            {
                var s = i + 1 == maps.Count - 1 ? next.S[a] : Math.Sqrt(next.S[a]);
                for (var j = 0; j < n; j++)
                {
                    left[(a * n) + j] = s * next.VT[a, j];
                }
            }

            var right = new double[n * rHere];
            for (var j = 0; j < n; j++)
            {
                for (var b = 0; b < rHere; b++)
                {
                    var s = i == 0 ? here.S[b] : Math.Sqrt(here.S[b]);
                    right[(j * rHere) + b] = here.U[j, b] * s;
                }
            }

            var factor = new VertexProblem(left, right, rNext, n, rHere);
            if (n <= exactLimit)
            {
                value *= factor.ExactMaximum();
                exactCount++;
            }
            else
            {
                value *= factor.GreedyMaximum();
                allExact = false;
            }
        }

        var total = maps.Count - 1;
        detail = exactCount == total
            ? $"{total} ReLU layers, every vertex enumerated and bounded by Gram iteration"
            : $"{total} ReLU layers, {exactCount} enumerated exactly, {total - exactCount} by greedy flips (no guarantee)";
        return value;
    }

    /// <summary>max over σ of ‖L diag(σ) R‖₂ = ‖Σ_j σ_j l_j r_jᵀ‖₂.</summary>
    private sealed class VertexProblem
    {
        private readonly double[] _left;
        private readonly double[] _right;
        private readonly int _rows;
        private readonly int _n;
        private readonly int _cols;

        public VertexProblem(double[] left, double[] right, int rows, int n, int cols)
        {
            _left = left;
            _right = right;
            _rows = rows;
            _n = n;
            _cols = cols;
        }

        private void AddOuter(double[] p, int j, double sign)
        {
            for (var a = 0; a < _rows; a++)
            {
                var l = sign * _left[(a * _n) + j];
                if (l == 0)
                {
                    continue;
                }

                for (var b = 0; b < _cols; b++)
                {
                    p[(a * _cols) + b] += l * _right[(j * _cols) + b];
                }
            }
        }

        public double ExactMaximum()
        {
            var p = new double[_rows * _cols];
            var best = 0.0;
            var count = 1L << _n;
            var on = new bool[_n];
            for (long g = 1; g < count; g++)
            {
                // Gray code: vertex g differs from vertex g − 1 in one neuron.
                var j = System.Numerics.BitOperations.TrailingZeroCount(g);
                on[j] = !on[j];
                AddOuter(p, j, on[j] ? 1 : -1);

                // Re-summing now and then keeps the incremental sum from drifting.
                if ((g & 1023) == 0)
                {
                    Array.Clear(p);
                    for (var t = 0; t < _n; t++)
                    {
                        if (on[t])
                        {
                            AddOuter(p, t, 1);
                        }
                    }
                }

                best = Math.Max(best, SmallMatrix.CertifiedSpectral(p, _rows, _cols));
            }

            return best;
        }

        public double GreedyMaximum()
        {
            var p = new double[_rows * _cols];
            var on = new bool[_n];
            for (var j = 0; j < _n; j++)
            {
                on[j] = true;
                AddOuter(p, j, 1);
            }

            var start = Enumerable.Repeat(1.0, _cols).ToArray();
            var current = SmallMatrix.PowerSpectral(p, _rows, _cols, start);
            for (var pass = 0; pass < 3; pass++)
            {
                var improved = false;
                for (var j = 0; j < _n; j++)
                {
                    AddOuter(p, j, on[j] ? -1 : 1);
                    var trial = (double[])start.Clone();
                    var v = SmallMatrix.PowerSpectral(p, _rows, _cols, trial);
                    if (v > current * (1 + 1e-12))
                    {
                        current = v;
                        on[j] = !on[j];
                        start = trial;
                        improved = true;
                    }
                    else
                    {
                        AddOuter(p, j, on[j] ? 1 : -1);
                    }
                }

                if (!improved)
                {
                    break;
                }
            }

            return current;
        }
    }
}
