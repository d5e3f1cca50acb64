namespace Agrupa.Neural;

/// <summary>
/// Sizes, paddings and output paddings of DCEC's stride-2 convolution stack along one image axis.
/// </summary>
/// <remarks>
/// Keras (the reference) uses 'same' padding for every convolution except the last, which is 'same' when the size is
/// a multiple of 2^layers and 'valid' otherwise (DCEC ConvAE.py: <c>'same' if H % 8 == 0 else 'valid'</c>).
/// 'same' gives ⌈n/2⌉; Keras pads asymmetrically when the total padding is odd. Torch pads symmetrically, so we pad
/// ⌈total/2⌉ on both sides, which gives the same output size (the window grid is shifted by at most one pixel).
/// The transposed convolutions then choose padding p and output padding o so that (m − 1)·2 − 2p + k + o lands exactly
/// on the size the matching convolution received.
/// </remarks>
internal static class ConvolutionGeometry
{
    internal const int Stride = 2;

    /// <summary>One convolution along one axis: input size, output size, padding of the convolution, padding and output padding of its transposed mirror.</summary>
    internal readonly record struct Layer(int Input, int Output, int Padding, int TransposedPadding, int OutputPadding);

    /// <summary>Plans the stack along an axis of <paramref name="size"/> pixels; throws when the image is too small.</summary>
    public static Layer[] Plan(int size, IReadOnlyList<int> kernels, string name)
    {
        int layers = kernels.Count;
        bool lastSame = size % (1 << Math.Min(layers, 30)) == 0;
        var plan = new Layer[layers];
        int current = size;
        for (int i = 0; i < layers; i++)
        {
            int k = kernels[i];
            bool same = i < layers - 1 || lastSame;
            int output, padding;
            if (same)
            {
                output = (current + Stride - 1) / Stride;
                int total = Math.Max((output - 1) * Stride + k - current, 0);
                padding = (total + 1) / 2;
            }
            else
            {
                if (current < k)
                    throw new ArgumentOutOfRangeException(name, size, $"An image side of {size} shrinks to {current} before a {k}×{k} 'valid' convolution; it is too small for this network.");
                output = (current - k) / Stride + 1;
                padding = 0;
            }
            if (output < 1)
                throw new ArgumentOutOfRangeException(name, size, $"An image side of {size} is too small for {layers} stride-2 convolutions.");
            // Transposed: (output − 1)·s − 2p + k + o = current, with 0 ≤ o < s.
            int full = (output - 1) * Stride + k;
            int transposedPadding = Math.Max(0, (full - current + 1) / 2);
            int outputPadding = current - (full - 2 * transposedPadding);
            if (outputPadding < 0 || outputPadding >= Stride)
                throw new ArgumentOutOfRangeException(name, size, $"No transposed convolution maps {output} back to {current} with kernel {k}.");
            plan[i] = new Layer(current, output, padding, transposedPadding, outputPadding);
            current = output;
        }
        return plan;
    }
}
