using TorchSharp;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Agrupa.Neural;

/// <summary>
/// The random views of <see cref="ContrastiveEncoder"/>'s pretraining, drawn per image from torch's global generator
/// (which the trainer seeds per step, so a seed gives the same views): a random resized crop (area
/// <see cref="ContrastiveEncoderOptions.CropMinimumArea"/>–1, aspect 3/4–4/3, bilinear), a horizontal flip, brightness
/// and contrast jitter, and random erasing — SimCLR's crop, flip and colour distortion (Chen et al. 2020, §3 and
/// appendix A) for grey images, plus erasing (Zhong et al., AAAI 2020).
/// </summary>
internal static class ImageAugmentation
{
    /// <summary>One random view of each image of <paramref name="images"/> (N×C×H×W); values stay within the batch's range.</summary>
    public static TorchTensor Apply(TorchTensor images, ContrastiveEncoderOptions options)
    {
        using var noGrad = torch.no_grad();
        long n = images.shape[0], height = images.shape[2], width = images.shape[3];
        Device device = images.device;
        TorchTensor Uniform(double low, double high) => torch.rand(n, device: device) * (high - low) + low;

        // Random resized crop as an affine sampling grid: scale the [-1, 1] square to the crop's half-sides and move it.
        TorchTensor scale = Uniform(options.CropMinimumArea, 1.0).sqrt();
        TorchTensor ratio = Uniform(Math.Log(3.0 / 4.0), Math.Log(4.0 / 3.0)).exp().sqrt();
        TorchTensor sx = (scale * ratio).clamp_max(1.0), sy = (scale / ratio).clamp_max(1.0);
        TorchTensor tx = Uniform(-1, 1) * (1 - sx), ty = Uniform(-1, 1) * (1 - sy);
        TorchTensor flip = options.HorizontalFlip ? torch.where(torch.rand(n, device: device) < 0.5, -1.0f, 1.0f) : torch.ones(n, device: device);
        TorchTensor zero = torch.zeros(n, device: device);
        TorchTensor theta = torch.stack([torch.stack([sx * flip, zero, tx], 1), torch.stack([zero, sy, ty], 1)], 1);
        TorchTensor grid = nn.functional.affine_grid(theta, [n, images.shape[1], height, width], align_corners: false);
        TorchTensor view = nn.functional.grid_sample(images, grid, align_corners: false);

        // Brightness and contrast jitter, then clamp to the batch's range (0–1 for pixel data).
        TorchTensor low = images.min(), high = images.max();
        TorchTensor brightness = Uniform(-options.Brightness, options.Brightness).view(n, 1, 1, 1);
        TorchTensor contrast = Uniform(1 - options.Contrast, 1 + options.Contrast).view(n, 1, 1, 1);
        TorchTensor mean = view.mean([1, 2, 3], keepdim: true);
        view = ((view - mean) * contrast + mean + brightness).clamp(low, high);

        // Random erasing: a square of side 5–13 pixels at 28×28, scaled to the image, centred anywhere, set to 0.
        if (options.ErasingProbability > 0)
        {
            long side = Math.Min(height, width);
            long smallest = Math.Max(1, (long)Math.Round(3.0 * side / 28)), largest = Math.Max(smallest + 1, (long)Math.Round(8.0 * side / 28));
            TorchTensor erase = torch.rand(n, device: device) < options.ErasingProbability;
            TorchTensor half = torch.randint(smallest, largest, [n], device: device);
            TorchTensor cy = torch.randint(0, height, [n], device: device), cx = torch.randint(0, width, [n], device: device);
            TorchTensor rows = (torch.arange(height, device: device).view(1, -1) - cy.view(-1, 1)).abs() < half.view(-1, 1);
            TorchTensor columns = (torch.arange(width, device: device).view(1, -1) - cx.view(-1, 1)).abs() < half.view(-1, 1);
            TorchTensor box = (rows.view(n, 1, height, 1) & columns.view(n, 1, 1, width)) & erase.view(n, 1, 1, 1);
            view = view.masked_fill(box, 0);
        }
        return view;
    }
}
