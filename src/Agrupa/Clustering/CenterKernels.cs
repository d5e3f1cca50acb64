using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Agrupa.Clustering;

/// <summary>
/// The inner kernels of k-means: dot products of blocks of rows with all centres (a small GEMM, register-blocked
/// four rows × two centres with 256-bit FMA), nearest-centre search by <c>‖c‖² − 2 x·c</c> (the row's own norm does not
/// change the argmin, as in scikit-learn's <c>_k_means_lloyd.pyx</c>), and the fused Lloyd pass that assigns a row and
/// adds it to its centre's sum while the row is still in cache, so each iteration reads the data once.
/// </summary>
/// <remarks>
/// Measured against TorchSharp (addmm + argmin over the whole data, then a second pass for the centre sums) on
/// Fashion-MNIST 70,000 × 784, k = 10: see BENCHMARKS.md, "Classical clustering: k-means and GMM". Ties go to the
/// lowest centre index. Sums are accumulated in float64 per fixed row partition and reduced in partition order, so
/// the result does not depend on the thread count or scheduling.
/// </remarks>
internal static unsafe class CenterKernels
{
    /// <summary>Rows per partition of the fused Lloyd pass (fixed, so sums do not depend on the thread count).</summary>
    public const int PartitionRows = 4096;

    /// <summary>
    /// Dot products of <paramref name="rowCount"/> (≤ 4) rows with every centre: <paramref name="dots"/>[r·k + c].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dots(float* rows, int rowCount, int d, float* centers, int k, float* dots)
    {
        if (rowCount == 4)
        {
            int c = 0;
            for (; c + 2 <= k; c += 2) Dot4x2(rows, d, centers + (long)c * d, centers + (long)(c + 1) * d, dots + c, k);
            if (c < k)
                for (int r = 0; r < 4; r++) dots[r * k + c] = Dot(rows + (long)r * d, centers + (long)c * d, d);
            return;
        }
        for (int r = 0; r < rowCount; r++)
            for (int c = 0; c < k; c++)
                dots[r * k + c] = Dot(rows + (long)r * d, centers + (long)c * d, d);
    }

    /// <summary>
    /// Dot product of two vectors of length <paramref name="d"/>, summed in exactly the order of the blocked kernel
    /// (eight lanes, lane sum, then the scalar tail), so a row gets the same value whether it sits in a block of four
    /// or not: labels of the training rows equal <c>Predict</c> of any subset of them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(float* a, float* b, int d)
    {
        int j = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            Vector256<float> acc = default;
            for (; j + 8 <= d; j += 8) acc = Vector256.FusedMultiplyAdd(Vector256.Load(a + j), Vector256.Load(b + j), acc);
            sum = Vector256.Sum(acc);
        }
        for (; j < d; j++) sum += a[j] * b[j];
        return sum;
    }

    /// <summary>
    /// Nearest centre of each row in <paramref name="rows"/> (<paramref name="count"/> rows, row-major) given the
    /// centres' squared norms; writes the label and, when <paramref name="partial"/> is not null, the minimum of
    /// <c>‖c‖² − 2 x·c</c> (add ‖x‖² for the squared distance). <paramref name="secondPartial"/>, when not null,
    /// receives the second smallest value (for confidences); with one centre it is +∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Nearest(float* rows, int count, int d, float* centers, float* centerNorms, int k,
        int* labels, float* partial, float* secondPartial, float* dotScratch)
    {
        for (int i = 0; i < count; i += 4)
        {
            int block = Math.Min(4, count - i);
            Dots(rows + (long)i * d, block, d, centers, k, dotScratch);
            for (int r = 0; r < block; r++)
            {
                float* dr = dotScratch + r * k;
                int best = 0;
                float bestValue = centerNorms[0] - 2 * dr[0], second = float.PositiveInfinity;
                for (int c = 1; c < k; c++)
                {
                    float value = centerNorms[c] - 2 * dr[c];
                    if (value < bestValue) { second = bestValue; bestValue = value; best = c; }
                    else if (value < second) second = value;
                }
                labels[i + r] = best;
                if (partial != null) partial[i + r] = bestValue;
                if (secondPartial != null) secondPartial[i + r] = second;
            }
        }
    }

    /// <summary>Adds <paramref name="weight"/> × <paramref name="row"/> to <paramref name="sum"/> (both float32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(float* row, int d, float weight, float* sum)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            if (weight == 1f)
                for (; j + 8 <= d; j += 8) Vector256.Store(Vector256.Load(sum + j) + Vector256.Load(row + j), sum + j);
            else
            {
                var w = Vector256.Create(weight);
                for (; j + 8 <= d; j += 8) Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(row + j), w, Vector256.Load(sum + j)), sum + j);
            }
        }
        for (; j < d; j++) sum[j] += weight * row[j];
    }

    /// <summary>Adds <paramref name="weight"/> × <paramref name="row"/> (float32) to <paramref name="sum"/> (float64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddWidened(float* row, int d, double weight, double* sum)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var w = Vector256.Create(weight);
            for (; j + 8 <= d; j += 8)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Load(row + j));
                Vector256.Store(Vector256.FusedMultiplyAdd(lower, w, Vector256.Load(sum + j)), sum + j);
                Vector256.Store(Vector256.FusedMultiplyAdd(upper, w, Vector256.Load(sum + j + 4)), sum + j + 4);
            }
        }
        for (; j < d; j++) sum[j] += weight * row[j];
    }

    /// <summary>Adds the squares of <paramref name="row"/> (float32) to <paramref name="sum"/> (float64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddSquaresWidened(float* row, int d, double* sum)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= d; j += 8)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Load(row + j));
                Vector256.Store(Vector256.FusedMultiplyAdd(lower, lower, Vector256.Load(sum + j)), sum + j);
                Vector256.Store(Vector256.FusedMultiplyAdd(upper, upper, Vector256.Load(sum + j + 4)), sum + j + 4);
            }
        for (; j < d; j++) sum[j] += (double)row[j] * row[j];
    }

    /// <summary>Squared Euclidean distance of two float32 vectors, accumulated in float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredDistance(float* a, float* b, int d)
    {
        int j = 0;
        double total = 0;
        if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; j + 8 <= d; j += 8)
            {
                var diff = Vector256.Load(a + j) - Vector256.Load(b + j);
                var (lower, upper) = Vector256.Widen(diff);
                acc0 = Vector256.FusedMultiplyAdd(lower, lower, acc0);
                acc1 = Vector256.FusedMultiplyAdd(upper, upper, acc1);
            }
            total = Vector256.Sum(acc0 + acc1);
        }
        for (; j < d; j++)
        {
            double diff = a[j] - b[j];
            total += diff * diff;
        }
        return total;
    }

    /// <summary>Squared Euclidean norm of a float32 vector, accumulated in float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SquaredNorm(float* a, int d)
    {
        double total = 0;
        int j = 0;
        if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            var acc = Vector256<double>.Zero;
            for (; j + 8 <= d; j += 8)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Load(a + j));
                acc = Vector256.FusedMultiplyAdd(lower, lower, acc);
                acc = Vector256.FusedMultiplyAdd(upper, upper, acc);
            }
            total = Vector256.Sum(acc);
        }
        for (; j < d; j++) total += (double)a[j] * a[j];
        return total;
    }

    /// <summary>Four rows (stride <paramref name="d"/>) times two centres: eight dot products, written to dots[r·k + 0/1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x2(float* r0, int d, float* c0, float* c1, float* dots, int k)
    {
        float* r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
        int j = 0;
        float s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
            Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;
            for (; j + 8 <= d; j += 8)
            {
                var v0 = Vector256.Load(c0 + j);
                var v1 = Vector256.Load(c1 + j);
                var x = Vector256.Load(r0 + j);
                a00 = Vector256.FusedMultiplyAdd(x, v0, a00);
                a01 = Vector256.FusedMultiplyAdd(x, v1, a01);
                x = Vector256.Load(r1 + j);
                a10 = Vector256.FusedMultiplyAdd(x, v0, a10);
                a11 = Vector256.FusedMultiplyAdd(x, v1, a11);
                x = Vector256.Load(r2 + j);
                a20 = Vector256.FusedMultiplyAdd(x, v0, a20);
                a21 = Vector256.FusedMultiplyAdd(x, v1, a21);
                x = Vector256.Load(r3 + j);
                a30 = Vector256.FusedMultiplyAdd(x, v0, a30);
                a31 = Vector256.FusedMultiplyAdd(x, v1, a31);
            }
            s00 = Vector256.Sum(a00); s01 = Vector256.Sum(a01);
            s10 = Vector256.Sum(a10); s11 = Vector256.Sum(a11);
            s20 = Vector256.Sum(a20); s21 = Vector256.Sum(a21);
            s30 = Vector256.Sum(a30); s31 = Vector256.Sum(a31);
        }
        for (; j < d; j++)
        {
            float v0 = c0[j], v1 = c1[j];
            s00 += r0[j] * v0; s01 += r0[j] * v1;
            s10 += r1[j] * v0; s11 += r1[j] * v1;
            s20 += r2[j] * v0; s21 += r2[j] * v1;
            s30 += r3[j] * v0; s31 += r3[j] * v1;
        }
        dots[0] = s00; dots[1] = s01;
        dots[k] = s10; dots[k + 1] = s11;
        dots[2 * k] = s20; dots[2 * k + 1] = s21;
        dots[3 * k] = s30; dots[3 * k + 1] = s31;
    }
}
