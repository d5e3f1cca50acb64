using Agrupa.Runtime;
using TorchSharp;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Reduction;

/// <summary>
/// FFT-accelerated interpolation of the t-SNE repulsion in 2-D (FIt-SNE: Linderman, Rachh, Hoskins, Steinerberger,
/// Kluger, "Fast interpolation-based t-SNE for improved visualization of single-cell RNA-seq data", Nature Methods 16,
/// 2019; the layout of openTSNE's <c>estimate_negative_gradient_fft_2d</c>).
/// </summary>
/// <remarks>
/// The square [min, max]² holding the embedding is cut into B × B equal intervals (B = max(50, extent × intervals per
/// unit), rounded up to a 7-smooth number for the FFT), each with p × p equispaced Lagrange nodes (p = 3). The sums
/// φ₀, φ₁, φ₂ over j of K²(yᵢ, yⱼ)·{1, yⱼ₁, yⱼ₂} and φ₃ = Σⱼ K(yᵢ, yⱼ), with K = (1 + ‖·‖²)⁻¹, are (1) spread from the
/// points onto the nodes with the Lagrange weights, (2) convolved with the kernel sampled on the node grid — a Toeplitz
/// product done as a circular convolution of size 2N × 2N, N = pB, through TorchSharp's real FFT — and (3)
/// interpolated back to the points. Then Z = Σᵢ φ₃ − n and rᵢ = yᵢ φ₀ − (φ₁, φ₂). Cost O(n + N² log N).
/// FIt-SNE and openTSNE get Z from the K² sums instead, as Σᵢ [(1 + ‖yᵢ‖²) φ₀ − 2 yᵢ·(φ₁, φ₂) + Σⱼ K² ‖yⱼ‖²] − n; that
/// expansion cancels terms of size ‖y‖² and measured 2–3× less accurate here, at the same cost (four planes either way).
/// Spreading runs in index order and the per-point steps write their own slots, so results do not depend on threads.
/// </remarks>
internal sealed class TsneFftInterpolation(int count, int interpolationPoints, int minIntervals, double intervalsPerUnit) : ITsneRepulsion
{
    private const int Terms = 4;
    private const int ChargePlanes = 3;   // {1, x, y}: the K plane's charges are the first plane's
    private readonly int[] _box = new int[count];
    private readonly double[] _weightsX = new double[count * interpolationPoints];
    private readonly double[] _weightsY = new double[count * interpolationPoints];
    private readonly double[] _rowSums = new double[count];
    private double[] _charges = [];
    private double[] _kernel = [];

    /// <summary>Grid intervals per axis used by the last call (for tests and diagnostics).</summary>
    public int LastIntervals { get; private set; }

    public double Compute(double[] embedding, double[] repulsion)
    {
        int n = count, p = interpolationPoints;
        double coordinateMin = double.PositiveInfinity, coordinateMax = double.NegativeInfinity;
        for (int i = 0; i < 2 * n; i++)
        {
            coordinateMin = Math.Min(coordinateMin, embedding[i]);
            coordinateMax = Math.Max(coordinateMax, embedding[i]);
        }
        double extent = Math.Max(coordinateMax - coordinateMin, 1e-12);
        int intervals = SmoothSize(Math.Max(minIntervals, (int)(extent * intervalsPerUnit)));
        LastIntervals = intervals;
        double boxWidth = extent / intervals;
        int gridSize = p * intervals;

        // Lagrange weights of each point's coordinates at the nodes (k + 1/2)/p of its interval.
        Span<double> nodes = stackalloc double[p];
        Span<double> denominators = stackalloc double[p];
        for (int k = 0; k < p; k++) nodes[k] = (k + 0.5) / p;
        for (int k = 0; k < p; k++)
        {
            denominators[k] = 1;
            for (int m = 0; m < p; m++) if (m != k) denominators[k] *= nodes[k] - nodes[m];
        }
        double[] nodeArray = nodes.ToArray(), denominatorArray = denominators.ToArray();
        Parallel.For(0, n, ThreadBudget.Options, i =>
        {
            int boxX = Math.Min((int)((embedding[2 * i] - coordinateMin) / boxWidth), intervals - 1);
            int boxY = Math.Min((int)((embedding[2 * i + 1] - coordinateMin) / boxWidth), intervals - 1);
            _box[i] = boxX * intervals + boxY;
            double inX = (embedding[2 * i] - coordinateMin - boxX * boxWidth) / boxWidth;
            double inY = (embedding[2 * i + 1] - coordinateMin - boxY * boxWidth) / boxWidth;
            for (int k = 0; k < p; k++)
            {
                double wx = 1, wy = 1;
                for (int m = 0; m < p; m++)
                {
                    if (m == k) continue;
                    wx *= inX - nodeArray[m];
                    wy *= inY - nodeArray[m];
                }
                _weightsX[i * p + k] = wx / denominatorArray[k];
                _weightsY[i * p + k] = wy / denominatorArray[k];
            }
        });

        // (1) Spread the charges {1, x, y} (for the kernel K²; the first also for K) onto the N × N node grid
        // (row = x node, column = y node); the FFT pads them to 2N × 2N.
        int plane = gridSize * gridSize, padded = 2 * gridSize;
        if (_charges.Length != ChargePlanes * plane)
        {
            _charges = new double[ChargePlanes * plane];
            _kernel = new double[2 * padded * padded];
        }
        else Array.Clear(_charges);
        double[] charges = _charges, kernel = _kernel;
        for (int i = 0; i < n; i++)
        {
            double x = embedding[2 * i], y = embedding[2 * i + 1];
            int boxX = _box[i] / intervals, boxY = _box[i] % intervals;
            for (int a = 0; a < p; a++)
            {
                int row = (boxX * p + a) * gridSize + boxY * p;
                double wa = _weightsX[i * p + a];
                for (int b = 0; b < p; b++)
                {
                    double w = wa * _weightsY[i * p + b];
                    int cell = row + b;
                    charges[cell] += w;
                    charges[plane + cell] += w * x;
                    charges[2 * plane + cell] += w * y;
                }
            }
        }

        // (2) Kernels K² and K on node offsets, embedded circulantly: entry (±a mod 2N, ±b mod 2N) = K(a·h, b·h).
        double spacing = boxWidth / p;
        int kernelPlane = padded * padded;
        for (int a = 0; a < gridSize; a++)
        {
            for (int b = 0; b < gridSize; b++)
            {
                double da = a * spacing, db = b * spacing;
                double value = 1 / (1 + da * da + db * db);
                int ra = a == 0 ? 0 : padded - a, rb = b == 0 ? 0 : padded - b;
                int c0 = a * padded + b, c1 = ra * padded + b, c2 = a * padded + rb, c3 = ra * padded + rb;
                kernel[c0] = kernel[c1] = kernel[c2] = kernel[c3] = value * value;
                kernel[kernelPlane + c0] = kernel[kernelPlane + c1] = kernel[kernelPlane + c2] = kernel[kernelPlane + c3] = value;
            }
        }
        double[] potentials = Convolve(charges, kernel, gridSize);

        // (3) Interpolate the potentials back to the points; Z and the repulsion follow.
        Parallel.For(0, n, ThreadBudget.Options, i =>
        {
            int boxX = _box[i] / intervals, boxY = _box[i] % intervals;
            double phi0 = 0, phi1 = 0, phi2 = 0, phi3 = 0;
            int gridPlane = gridSize * gridSize;
            for (int a = 0; a < p; a++)
            {
                int row = (boxX * p + a) * gridSize + boxY * p;
                double wa = _weightsX[i * p + a];
                for (int b = 0; b < p; b++)
                {
                    double w = wa * _weightsY[i * p + b];
                    int cell = row + b;
                    phi0 += w * potentials[cell];
                    phi1 += w * potentials[gridPlane + cell];
                    phi2 += w * potentials[2 * gridPlane + cell];
                    phi3 += w * potentials[3 * gridPlane + cell];
                }
            }
            double x = embedding[2 * i], y = embedding[2 * i + 1];
            _rowSums[i] = phi3;
            repulsion[2 * i] = x * phi0 - phi1;
            repulsion[2 * i + 1] = y * phi0 - phi2;
        });
        double total = 0;
        for (int i = 0; i < n; i++) total += _rowSums[i];
        return total - n;
    }

    /// <summary>
    /// Linear 2-D convolution of the N × N charge planes with the kernels (planes 0–2 with K², plane 0 again with K) as a
    /// circular convolution of size 2N × 2N, through float32 real FFTs (the interpolation error, ~1e-2, dwarfs float32
    /// rounding). The zero padding is implicit: rows are transformed from N values, and only the N × N block of the
    /// result is transformed back. Returns Terms × N × N potentials.
    /// </summary>
    private static double[] Convolve(double[] charges, double[] kernel, int gridSize)
    {
        ThreadBudget.ApplyToTorch();
        using var scope = torch.NewDisposeScope();
        int padded = 2 * gridSize;
        TorchTensor chargeTensor = torch.tensor(charges, new long[] { ChargePlanes, gridSize, gridSize }, torch.float64).to_type(torch.float32);
        TorchTensor kernelTensor = torch.tensor(kernel, new long[] { 2, padded, padded }, torch.float64).to_type(torch.float32);
        TorchTensor kernelSpectrum = torch.fft.rfft2(kernelTensor);
        TorchTensor chargeSpectrum = torch.fft.fft_(torch.fft.rfft(chargeTensor, padded, 2), padded, 1);
        TorchTensor spectrum = torch.cat(new[] { chargeSpectrum * kernelSpectrum.narrow(0, 0, 1), chargeSpectrum.narrow(0, 0, 1) * kernelSpectrum.narrow(0, 1, 1) }, 0);
        TorchTensor rows = torch.fft.ifft(spectrum, padded, 1).narrow(1, 0, gridSize);
        TorchTensor result = torch.fft.irfft(rows, padded, 2).narrow(2, 0, gridSize).to_type(torch.float64).contiguous();
        return result.data<double>().ToArray();
    }

    /// <summary>The smallest integer ≥ <paramref name="value"/> whose prime factors are all 2, 3, 5 or 7 (fast FFT sizes).</summary>
    internal static int SmoothSize(int value)
    {
        for (int candidate = Math.Max(1, value); ; candidate++)
        {
            int rest = candidate;
            foreach (int prime in new[] { 2, 3, 5, 7 })
                while (rest % prime == 0) rest /= prime;
            if (rest == 1) return candidate;
        }
    }
}
